"""Tenant schemas: the migration fingerprint, the template schema, cloning and migrating.

A new congress schema is cloned from a template schema kept at the current migrations:
the DDL is generated once from the template's catalog and replayed in one round trip,
with the template's migration records copied as applied (faked). The slow path runs the
migrations themselves (``PROVISIONING_SCHEMA_METHOD = "migrate"``); Citus deployments need
it, because ``CREATE TABLE ... LIKE`` across distributed schemas is not supported there.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _
from django_tenants.utils import get_tenant_base_migrate_command_class, schema_exists

from .models import SchemaState

_TOKEN = "__renda_target_schema__"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# Session-level advisory lock keys (the second int of the two-key form).
LOCK_NAMESPACE = 0x52454E44  # "REND"
TEMPLATE_LOCK = 1


class TemplateError(RuntimeError):
    """The template schema cannot be cloned (holds data, or objects the clone does not copy)."""


@dataclass(frozen=True)
class Fingerprint:
    digest: str
    count: int


def method() -> str:
    return getattr(settings, "PROVISIONING_SCHEMA_METHOD", "clone")


def template_schema() -> str:
    return getattr(settings, "PROVISIONING_TEMPLATE_SCHEMA", "tenant_template")


def check_schema_name(name: str) -> str:
    if (
        not _SCHEMA_NAME.match(name)
        or name in ("public", "information_schema")
        or name.startswith("pg_")
    ):
        raise ValueError(_("无效的模式名：%(name)s") % {"name": name})
    return name


@lru_cache(maxsize=1)
def code_fingerprint() -> Fingerprint:
    """The migration set on disk; a schema recorded with this digest needs nothing applied."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    nodes = sorted(f"{app}.{name}" for app, name in loader.graph.nodes)
    return Fingerprint(hashlib.sha256("\n".join(nodes).encode()).hexdigest(), len(nodes))


def record_state(schema_name: str, fingerprint: Fingerprint | None = None) -> None:
    fingerprint = fingerprint or code_fingerprint()
    SchemaState.objects.update_or_create(
        schema_name=schema_name,
        defaults={"fingerprint": fingerprint.digest, "migrations": fingerprint.count},
    )


def is_current(schema_name: str) -> bool:
    digest = (
        SchemaState.objects.filter(schema_name=schema_name)
        .values_list("fingerprint", flat=True)
        .first()
    )
    return digest == code_fingerprint().digest


@contextmanager
def _direct_recorder_lookup():
    """Find django_migrations with one `to_regclass` instead of listing every visible table.

    Django's recorder asks the introspection for all table names, a scan of pg_class; with a
    thousand schemas in the database that scan is what makes migrating each one slow. Same
    answer (the first django_migrations on the search path), one index lookup.
    """
    original = MigrationRecorder.has_table

    def has_table(recorder: MigrationRecorder) -> bool:
        table = recorder.Migration._meta.db_table
        with recorder.connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
            return cursor.fetchone()[0]

    MigrationRecorder.has_table = has_table
    try:
        yield
    finally:
        MigrationRecorder.has_table = original


def migrate_schema(schema_name: str) -> None:
    """Apply every pending migration to one schema (creating it if needed); record its state."""
    check_schema_name(schema_name)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema_name}"')
    try:
        # The recorder must find (or create) django_migrations in this schema, not public's.
        with _direct_recorder_lookup():
            connection.set_schema(schema_name, include_public=False)
            MigrationRecorder(connection).ensure_schema()
            connection.set_schema(schema_name)
            command = get_tenant_base_migrate_command_class()()
            call_command(command, verbosity=0, interactive=False, skip_checks=True)
    finally:
        connection.set_schema_to_public()
    record_state(schema_name)


class _AdvisoryLock:
    def __init__(self, key: int):
        self.key = key

    def __enter__(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, self.key])
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, self.key])


def refresh_template(force: bool = False) -> bool:
    """Bring the template schema to the current migrations. Returns whether it changed."""
    name = template_schema()
    if not force and is_current(name) and schema_exists(name):
        return False
    connection.set_schema_to_public()
    with _AdvisoryLock(TEMPLATE_LOCK):
        if not force and is_current(name) and schema_exists(name):
            return False
        migrate_schema(name)
        _clone_ddl.cache_clear()
        if data := tables_with_data(name):
            raise TemplateError(
                _(
                    "模板模式含有数据（%(tables)s），不能用于克隆；请改用迁移方式或把数据移入模块的初始化程序。"
                )
                % {"tables": ", ".join(data)}
            )
    return True


def tables_with_data(schema_name: str) -> list[str]:
    """Tables of the schema holding rows, other than the migration records."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND relname <> 'django_migrations' "
            "ORDER BY relname",
            [schema_name],
        )
        tables = [row[0] for row in cursor.fetchall()]
        if not tables:
            return []
        probes = " UNION ALL ".join(
            f'SELECT \'{t}\' WHERE EXISTS (SELECT 1 FROM "{schema_name}"."{t}")' for t in tables
        )
        cursor.execute(probes)
        return [row[0] for row in cursor.fetchall()]


_TABLES_SQL = """
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind = 'r'
ORDER BY c.relname
"""

_UNSUPPORTED_SQL = """
SELECT kind || ' ' || name FROM (
  SELECT 'view' AS kind, relname AS name FROM pg_class
   WHERE relnamespace = %(ns)s::regnamespace AND relkind IN ('v', 'm', 'p', 'f')
  UNION ALL
  SELECT 'sequence', s.relname FROM pg_class s
   WHERE s.relnamespace = %(ns)s::regnamespace AND s.relkind = 'S'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.deptype = 'i')
  UNION ALL
  SELECT 'function', proname FROM pg_proc WHERE pronamespace = %(ns)s::regnamespace
  UNION ALL
  SELECT 'type', typname FROM pg_type t WHERE typnamespace = %(ns)s::regnamespace
     AND typtype IN ('e', 'd', 'c')
     AND NOT EXISTS (SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid)
) objects ORDER BY 1
"""

# Primary keys, unique and exclusion constraints, with the index they own.
_KEYS_SQL = """
SELECT format('ALTER TABLE %%I.%%I ADD CONSTRAINT %%I %%s;', %(token)s, r.relname, con.conname,
              pg_get_constraintdef(con.oid))
FROM pg_constraint con JOIN pg_class r ON r.oid = con.conrelid
WHERE con.connamespace = %(ns)s::regnamespace AND con.contype IN ('p', 'u', 'x')
ORDER BY r.relname, con.conname
"""

# Indexes that back no constraint: pg_get_indexdef qualifies the table with the template's
# name because the template is never on the search path here.
_INDEXES_SQL = """
SELECT pg_get_indexdef(i.indexrelid) || ';'
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE ic.relnamespace = %(ns)s::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY ic.relname
"""

# Foreign keys, rebuilt from the catalog: references into the template point at the new
# schema, references to shared tables (public.identity_user, ...) stay where they are.
_FOREIGN_KEYS_SQL = """
SELECT format(
  'ALTER TABLE %%I.%%I ADD CONSTRAINT %%I FOREIGN KEY (%%s) REFERENCES %%I.%%I (%%s)%%s%%s%%s%%s;',
  %(token)s, r.relname, con.conname,
  (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
     FROM unnest(con.conkey) WITH ORDINALITY k(att, ord)
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.att),
  CASE WHEN fn.oid = %(ns)s::regnamespace THEN %(token)s ELSE fn.nspname END,
  f.relname,
  (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
     FROM unnest(con.confkey) WITH ORDINALITY k(att, ord)
     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.att),
  CASE con.confmatchtype WHEN 'f' THEN ' MATCH FULL' ELSE '' END,
  CASE con.confupdtype WHEN 'r' THEN ' ON UPDATE RESTRICT' WHEN 'c' THEN ' ON UPDATE CASCADE'
       WHEN 'n' THEN ' ON UPDATE SET NULL' WHEN 'd' THEN ' ON UPDATE SET DEFAULT' ELSE '' END,
  CASE con.confdeltype WHEN 'r' THEN ' ON DELETE RESTRICT' WHEN 'c' THEN ' ON DELETE CASCADE'
       WHEN 'n' THEN ' ON DELETE SET NULL' WHEN 'd' THEN ' ON DELETE SET DEFAULT' ELSE '' END,
  CASE WHEN con.condeferrable AND con.condeferred THEN ' DEFERRABLE INITIALLY DEFERRED'
       WHEN con.condeferrable THEN ' DEFERRABLE' ELSE '' END)
FROM pg_constraint con
JOIN pg_class r ON r.oid = con.conrelid
JOIN pg_class f ON f.oid = con.confrelid
JOIN pg_namespace fn ON fn.oid = f.relnamespace
WHERE con.connamespace = %(ns)s::regnamespace AND con.contype = 'f'
ORDER BY r.relname, con.conname
"""


# Identity sequences: LIKE makes them with the column's current type, but a column widened
# by a later migration (guardian's int -> bigint ids) keeps its original sequence type.
_SEQUENCES_SQL = """
SELECT format('ALTER SEQUENCE %%I.%%I AS %%s INCREMENT %%s MINVALUE %%s MAXVALUE %%s '
              'START %%s CACHE %%s %%s;',
              %(token)s, s.relname, format_type(q.seqtypid, NULL), q.seqincrement, q.seqmin,
              q.seqmax, q.seqstart, q.seqcache,
              CASE WHEN q.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)
FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
WHERE s.relnamespace = %(ns)s::regnamespace
ORDER BY s.relname
"""


# Triggers (the audit table's append-only guard); their functions live in the public schema.
_TRIGGERS_SQL = """
SELECT pg_get_triggerdef(t.oid) || ';'
FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
WHERE r.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal
ORDER BY r.relname, t.tgname
"""


@lru_cache(maxsize=4)
def _clone_ddl(template: str) -> str:
    """The whole clone as one SQL script, with a token where the new schema's name goes."""
    connection.set_schema_to_public()
    params = {"ns": template, "token": _TOKEN}
    with connection.cursor() as cursor:
        cursor.execute(_UNSUPPORTED_SQL, params)
        unsupported = [row[0] for row in cursor.fetchall()]
        if unsupported:
            raise TemplateError(
                _("模板模式含有克隆不支持的对象：%(objects)s；请改用迁移方式。")
                % {"objects": ", ".join(unsupported)}
            )
        cursor.execute(_TABLES_SQL, params)
        tables = [row[0] for row in cursor.fetchall()]
        statements = [f'CREATE SCHEMA "{_TOKEN}";']
        statements += [
            f'CREATE TABLE "{_TOKEN}"."{t}" '
            f'(LIKE "{template}"."{t}" INCLUDING ALL EXCLUDING INDEXES);'
            for t in tables
        ]
        cursor.execute(_SEQUENCES_SQL, params)
        statements += [row[0] for row in cursor.fetchall()]
        cursor.execute(_KEYS_SQL, params)
        statements += [row[0] for row in cursor.fetchall()]
        cursor.execute(_INDEXES_SQL, params)
        prefix = f" ON {template}."
        for (definition,) in cursor.fetchall():
            if prefix not in definition:
                raise TemplateError(f"unexpected index definition: {definition}")
            statements.append(definition.replace(prefix, f' ON "{_TOKEN}".', 1))
        cursor.execute(_FOREIGN_KEYS_SQL, params)
        statements += [row[0] for row in cursor.fetchall()]
        cursor.execute(_TRIGGERS_SQL, params)
        for (definition,) in cursor.fetchall():
            if prefix not in definition:
                raise TemplateError(f"unexpected trigger definition: {definition}")
            statements.append(definition.replace(prefix, f' ON "{_TOKEN}".', 1))
    statements.append(
        f'INSERT INTO "{_TOKEN}".django_migrations (app, name, applied) '
        f'SELECT app, name, now() FROM "{template}".django_migrations ORDER BY id;'
    )
    return "\n".join(statements)


def clone_schema(schema_name: str) -> None:
    """Create ``schema_name`` as a copy of the template's structure, in one transaction.

    The template is checked against the migrations on disk first and refreshed if stale.
    """
    check_schema_name(schema_name)
    refresh_template()
    template = template_schema()
    script = _clone_ddl(template).replace(_TOKEN, schema_name)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(script)
        record_state(schema_name)


def create_schema(schema_name: str) -> None:
    """The configured path: clone from the template, or run the migrations."""
    if method() == "migrate":
        migrate_schema(schema_name)
    else:
        clone_schema(schema_name)


def drop_schema(schema_name: str) -> None:
    check_schema_name(schema_name)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE')
        SchemaState.objects.filter(schema_name=schema_name).delete()


_CATALOG_SQL = """
SELECT 'table', c.relname, '' FROM pg_class c
 WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind = 'r'
UNION ALL
SELECT 'column', c.relname || '.' || a.attname,
       format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
       || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
       || CASE a.attidentity WHEN 'd' THEN ' identity by default' WHEN 'a' THEN ' identity always'
          ELSE '' END
       || ' #' || a.attnum || coalesce(' collate ' || co.collname, '')
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0
 WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind = 'r' AND a.attnum > 0
   AND NOT a.attisdropped
UNION ALL
SELECT 'index', c.relname, replace(pg_get_indexdef(c.oid), %(ns)s::text || '.', '')
  FROM pg_class c WHERE c.relnamespace = %(ns)s::regnamespace AND c.relkind = 'i'
UNION ALL
SELECT 'constraint', r.relname || '.' || con.conname,
       con.contype::text || ' ' || replace(pg_get_constraintdef(con.oid), %(ns)s::text || '.', '')
  FROM pg_constraint con JOIN pg_class r ON r.oid = con.conrelid
 WHERE con.connamespace = %(ns)s::regnamespace
UNION ALL
SELECT 'sequence', s.relname,
       concat_ws(' ', format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement,
                 q.seqmin, q.seqmax, q.seqcache, q.seqcycle)
  FROM pg_class s JOIN pg_sequence q ON q.seqrelid = s.oid
 WHERE s.relnamespace = %(ns)s::regnamespace
UNION ALL
SELECT 'migration', app || '.' || name, '' FROM {schema}.django_migrations
ORDER BY 1, 2
"""


def catalog(schema_name: str) -> list[tuple[str, str, str]]:
    """Tables, columns, indexes, constraints, sequences and migration records of a schema,
    with the schema's own name taken out, for comparing two schemas."""
    check_schema_name(schema_name)
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(_CATALOG_SQL.replace("{schema}", f'"{schema_name}"'), {"ns": schema_name})
        return [tuple(row) for row in cursor.fetchall()]
