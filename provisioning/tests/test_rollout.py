"""Migration rollout: current schemas are skipped in one query; failures are per schema."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from provisioning import rollout, schemas
from provisioning.models import SchemaState

pytestmark = pytest.mark.django_db


@pytest.fixture
def migrations_run(monkeypatch):
    calls: list[str] = []
    real = schemas.migrate_schema

    def spy(name):
        calls.append(name)
        real(name)

    monkeypatch.setattr(schemas, "migrate_schema", spy)
    return calls


def test_current_schemas_are_skipped_without_a_migration_executor(world, migrations_run):
    with CaptureQueriesContext(connection) as queries:
        current = rollout.plan()
    selects = [q["sql"] for q in queries if not q["sql"].upper().startswith("SET ")]
    assert len(selects) == 2  # the stale list and the count, whatever the number of schemas
    assert current.stale == [] and current.total >= len(world.congresses)
    run = rollout.run(workers=1)
    assert migrations_run == []
    assert (run.skipped, run.migrated, run.failures) == (current.total, 0, {})


def test_only_stale_schemas_are_migrated(world, migrations_run):
    k2 = world.congresses["K2"].schema_name
    SchemaState.objects.filter(schema_name=k2).update(fingerprint="old")
    assert rollout.plan().stale == [k2]
    run = rollout.run(workers=1)
    assert migrations_run == [k2]
    assert run.migrated == 1 and schemas.is_current(k2)
    assert rollout.plan().stale == []


def test_a_failing_schema_is_reported_and_the_rest_go_on_then_a_rerun_resumes(world, monkeypatch):
    names = [world.congresses[k].schema_name for k in ("C1", "C2", "K1")]
    SchemaState.objects.filter(schema_name__in=names).update(fingerprint="old")
    real = schemas.migrate_schema

    def flaky(name):
        if name == names[1]:
            raise RuntimeError("disk full")
        real(name)

    monkeypatch.setattr(schemas, "migrate_schema", flaky)
    run = rollout.run(workers=1)
    assert run.migrated == 2 and list(run.failures) == [names[1]]
    assert "disk full" in run.failures[names[1]]
    # Interrupted or failed: the next run picks up only what is still stale.
    assert rollout.plan().stale == [names[1]]
    monkeypatch.setattr(schemas, "migrate_schema", real)
    again = rollout.run(workers=1)
    assert again.migrated == 1 and again.failures == {}
    assert rollout.plan().stale == []


def test_a_schema_never_recorded_counts_as_stale(world):
    t1 = world.congresses["T1"].schema_name
    SchemaState.objects.filter(schema_name=t1).delete()
    assert rollout.plan().stale == [t1]
