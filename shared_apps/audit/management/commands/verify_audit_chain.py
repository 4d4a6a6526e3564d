"""Verify the hash chain of the audit trail in the public schema and every congress schema."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from shared_apps.audit import chain
from shared_apps.audit.models import AuditEntry
from tenants.models import Congress

REASONS = {"link": "prev_hash does not match the previous entry", "content": "entry_hash does not match its content"}


def schemas() -> list[str]:
    names = ["public"]
    names += [
        name for name in Congress.objects.exclude(schema_name="public").order_by("path")
        .values_list("schema_name", flat=True) if schema_exists(name)
    ]
    return names


class Command(BaseCommand):
    help = "Verify every schema's audit hash chain; report the first broken link of each."

    def add_arguments(self, parser):
        parser.add_argument("--schema", action="append", help="only this schema (repeatable)")

    def handle(self, *args, schema: list[str] | None = None, **options):
        broken = []
        for name in schema or schemas():
            with schema_context(name):
                count, failure = chain.first_break(chain.entries_in_order(AuditEntry))
            if failure is None:
                self.stdout.write(f"{name}: {count} entries, chain intact")
            else:
                broken.append(name)
                self.stdout.write(
                    self.style.ERROR(f"{name}: broken at entry {failure.entry_id}: {REASONS[failure.reason]}")
                )
        connection.set_schema_to_public()
        if broken:
            raise CommandError(f"audit chain broken in {len(broken)} schema(s): {', '.join(broken)}")
