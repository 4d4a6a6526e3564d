"""Re-index personal data under the current blind-index key (BLIND_INDEX_VERSION).

Run after adding a new key version (deploy/keys.md). Each batch commits on its own, so an
interrupted run is resumed by running the command again; `--check` exits non-zero while any
row still carries an older version, i.e. while the old key must stay configured.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from shared_apps.privacy.rotation import reindex, remaining, targets


class Command(BaseCommand):
    help = "Rewrite blind indexes (phones) of every schema with the current BLIND_INDEX_VERSION key."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="only count rows still on an older key version")
        parser.add_argument("--schema", action="append", help="limit to these schemas (repeatable)")
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, check: bool, schema: list[str] | None, batch: int, **options) -> None:
        total = 0
        for target in targets(schema):
            if check:
                count = remaining(target)
                if count:
                    self.stdout.write(f"{target}: {count} to re-index")
            else:
                count = reindex(target, batch=batch)
                if count:
                    self.stdout.write(f"{target}: {count} re-indexed")
            total += count
        if check and total:
            raise CommandError(f"{total} rows still indexed under an older key version")
        self.stdout.write(self.style.SUCCESS(f"{'to re-index' if check else 're-indexed'}: {total}"))
