"""The audit trail is append-only in the database and hash-chained per schema."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django_tenants.utils import schema_context

from shared_apps.audit import chain
from shared_apps.audit.models import AuditEntry
from shared_apps.audit.services import record


def _refused(sql: str, params=()) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as error:
        return "append-only" in str(error)
    return False


@pytest.mark.parametrize("schema", ["public", "T1"])
def test_update_delete_and_truncate_are_refused(world, db, schema):
    name = "public" if schema == "public" else world.congresses[schema].schema_name
    with schema_context(name):
        entry = record("audit.probe", world.congresses["T1"], {"n": 1})
        assert _refused("UPDATE audit_auditentry SET action = 'forged' WHERE id = %s", [entry.pk])
        assert _refused("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
        assert _refused("TRUNCATE audit_auditentry")
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()
        assert AuditEntry.objects.get(pk=entry.pk).action == "audit.probe"


def test_every_congress_schema_has_the_guard(world, db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = r.relnamespace "
            "WHERE r.relname = 'audit_auditentry' AND t.tgname = 'audit_append_only'"
        )
        guarded = {row[0] for row in cursor.fetchall()}
    assert {"public"} | {c.schema_name for c in world.congresses.values()} <= guarded


def test_entries_link_to_the_previous_one(world, db):
    with schema_context(world.congresses["T1"].schema_name):
        first = record("audit.probe", world.congresses["T1"], {"n": 1})
        second = record("audit.probe", world.congresses["T1"], {"n": 2, "名字": "张三"})
        assert second.prev_hash == first.entry_hash
        stored = AuditEntry.objects.get(pk=second.pk)
        assert chain.digest(stored) == stored.entry_hash
        assert chain.first_break(chain.entries_in_order(AuditEntry))[1] is None


def test_verify_command_finds_the_tampered_entry(world, db, capsys):
    schema = world.congresses["T1"].schema_name
    with schema_context(schema):
        record("audit.probe", world.congresses["T1"], {"n": 1})
        victim = record("audit.probe", world.congresses["T1"], {"n": 2})
        record("audit.probe", world.congresses["T1"], {"n": 3})
    call_command("verify_audit_chain", schema=[schema])
    assert "chain intact" in capsys.readouterr().out
    # An attacker with the superuser's power: switch the guard off, rewrite, switch it on.
    with schema_context(schema), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_append_only")
        cursor.execute("UPDATE audit_auditentry SET data = '{\"n\": 20}' WHERE id = %s", [victim.pk])
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_append_only")
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")
    out = capsys.readouterr().out
    assert f"{schema}: broken at entry {victim.pk}: entry_hash does not match" in out
    assert "public: " in out and "chain intact" in out


def test_deleting_an_entry_breaks_the_link(world, db, capsys):
    schema = world.congresses["T1"].schema_name
    with schema_context(schema):
        record("audit.probe", world.congresses["T1"], {"n": 1})
        victim = record("audit.probe", world.congresses["T1"], {"n": 2})
        after = record("audit.probe", world.congresses["T1"], {"n": 3})
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_append_only")
            cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_append_only")
    with pytest.raises(CommandError):
        call_command("verify_audit_chain", schema=[schema])
    assert f"broken at entry {after.pk}: prev_hash" in capsys.readouterr().out


def test_concurrent_writers_do_not_fork_the_chain(world, committed):
    """A writer that appends while another's entry is uncommitted waits for it."""
    congress = world.congresses["T2"]
    first_written = threading.Event()
    errors: list[BaseException] = []

    def write(wait: threading.Event | None, signal: threading.Event | None) -> None:
        try:
            with schema_context(congress.schema_name), transaction.atomic():
                if wait is not None:
                    wait.wait(5)
                record("audit.concurrency_probe", congress)
                if signal is not None:
                    signal.set()
                    time.sleep(0.5)  # still uncommitted while the other writer appends
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=(None, first_written)),
        threading.Thread(target=write, args=(first_written, None)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with schema_context(congress.schema_name):
        assert chain.first_break(chain.entries_in_order(AuditEntry))[1] is None
