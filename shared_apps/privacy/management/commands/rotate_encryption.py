"""Re-encrypt personal data with the current SECRET_KEY after a rotation (deploy/keys.md).

Run after moving the old key to SECRET_KEY_FALLBACKS. Values already under the current key are
skipped and each batch commits, so an interrupted run is resumed by running it again; `--check`
exits non-zero while any value still needs an old key, i.e. while the fallback must stay.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from shared_apps.privacy.rotation import encrypted_targets, reencrypt


class Command(BaseCommand):
    help = "Re-encrypt encrypted columns of every schema under the current SECRET_KEY."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="only count rows still under an old key")
        parser.add_argument("--schema", action="append", help="limit to these schemas (repeatable)")
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, check: bool, schema: list[str] | None, batch: int, **options) -> None:
        total = 0
        for target in encrypted_targets(schema):
            count = reencrypt(target, batch=batch, dry_run=check)
            if count:
                self.stdout.write(f"{target}: {count} {'to re-encrypt' if check else 're-encrypted'}")
            total += count
        if check and total:
            raise CommandError(f"{total} rows still need a key from SECRET_KEY_FALLBACKS")
        self.stdout.write(self.style.SUCCESS(f"{'to re-encrypt' if check else 're-encrypted'}: {total}"))
