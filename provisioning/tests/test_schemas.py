"""The template schema and the two ways of building a congress schema."""

from __future__ import annotations

import difflib

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from provisioning import schemas
from provisioning.models import SchemaState

pytestmark = pytest.mark.django_db


def test_clone_and_migrate_give_the_same_catalog(world):
    schemas.clone_schema("zz_cloned")
    schemas.migrate_schema("zz_migrated")
    cloned, migrated = schemas.catalog("zz_cloned"), schemas.catalog("zz_migrated")
    kinds = {row[0] for row in cloned}
    assert {"table", "column", "index", "constraint", "sequence", "migration"} <= kinds
    diff = "\n".join(
        difflib.unified_diff([str(r) for r in migrated], [str(r) for r in cloned], lineterm="")
    )
    assert cloned == migrated, diff


def test_a_cloned_schema_keeps_foreign_keys_to_public_and_its_own_sequences(world):
    schemas.clone_schema("zz_fk_a")
    schemas.clone_schema("zz_fk_b")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT confrelid::regclass::text FROM pg_constraint "
            "WHERE conrelid = 'zz_fk_a.guardian_userobjectpermission'::regclass "
            "AND contype = 'f' ORDER BY 1"
        )
        targets = [row[0] for row in cursor.fetchall()]
    assert "identity_user" in targets or "public.identity_user" in targets
    from tenant_apps.portal import services

    with schema_context("zz_fk_a"):
        first = services.save_post(title="甲", body="<p>a</p>", kind="news")
        second = services.save_post(title="乙", body="<p>b</p>", kind="news")
    with schema_context("zz_fk_b"):
        other = services.save_post(title="丙", body="<p>c</p>", kind="news")
    # Each schema counts from 1: the sequences were cloned, not shared.
    assert (first.pk, second.pk, other.pk) == (1, 2, 1)


def test_the_template_is_current_and_holds_no_data(world):
    template = schemas.template_schema()
    assert schemas.is_current(template)
    assert schemas.tables_with_data(template) == []
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{template}".django_migrations')
        assert cursor.fetchone()[0] == schemas.code_fingerprint().count


def test_a_stale_template_is_refreshed_before_a_clone(world):
    template = schemas.template_schema()
    SchemaState.objects.filter(schema_name=template).update(fingerprint="stale")
    calls = []
    real = schemas.migrate_schema

    def spy(name):
        calls.append(name)
        real(name)

    import provisioning.schemas as module

    original = module.migrate_schema
    module.migrate_schema = spy
    try:
        schemas.clone_schema("zz_after_refresh")
    finally:
        module.migrate_schema = original
    assert calls == [template]
    assert schemas.is_current(template) and schemas.is_current("zz_after_refresh")


def test_a_template_with_data_is_refused(world):
    from tenant_apps.portal import services

    template = schemas.template_schema()
    with schema_context(template):
        services.save_post(title="不该在模板里", body="<p>x</p>", kind="news")
    assert "portal_post" in schemas.tables_with_data(template)
    SchemaState.objects.filter(schema_name=template).update(fingerprint="stale")
    with pytest.raises(schemas.TemplateError):
        schemas.refresh_template()


def test_schema_names_are_checked():
    for bad in ("public", "Bad", "a-b", "pg_x", 'x"; drop'):
        with pytest.raises(ValueError):
            schemas.check_schema_name(bad)
