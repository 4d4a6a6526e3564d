"""A congress's life after onboarding: suspend, resume, archive, restore, drop.

Archive writes two files under ``PROVISIONING_ARCHIVE_ROOT``: a ``pg_dump`` of the schema
(custom format, for restore) and a JSON export of its rows (for reading without
PostgreSQL), and marks the congress archived; the schema stays until it is dropped.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from shared_apps.audit.services import record
from shared_apps.privacy.fields import is_encrypted
from tenants.configforms import redacted
from tenants.models import Congress, CongressStatus, HostingMode
from tenants.modules import get_manifest

from . import schemas
from .models import Archive, SchemaState


def archive_root() -> Path:
    root = Path(
        getattr(settings, "PROVISIONING_ARCHIVE_ROOT", settings.BASE_DIR / ".local" / "archives")
    )
    root.mkdir(parents=True, exist_ok=True)
    return root


def _set_status(congress: Congress, status: str, action: str) -> Congress:
    with transaction.atomic():
        congress.status = status
        congress.save(update_fields=["status"])
        record(action, congress, {"status": status}, congress=congress)
    return congress


def suspend(congress: Congress) -> Congress:
    """Read-only with a notice (tenants.middleware.SuspendedCongressMiddleware)."""
    if congress.status != CongressStatus.ACTIVE:
        raise ValidationError(_("只能暂停运行中的人大。"))
    return _set_status(congress, CongressStatus.SUSPENDED, "provisioning.congress_suspended")


def resume(congress: Congress) -> Congress:
    if congress.status != CongressStatus.SUSPENDED:
        raise ValidationError(_("只能恢复已暂停的人大。"))
    return _set_status(congress, CongressStatus.ACTIVE, "provisioning.congress_resumed")


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = [
        "-h",
        str(db.get("HOST") or "127.0.0.1"),
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        str(db.get("USER") or "postgres"),
    ]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tenant_models():
    tenant_apps = set(settings.TENANT_APPS)
    labels = {config.label for config in apps.get_app_configs() if config.name in tenant_apps}
    return [m for m in apps.get_models() if m._meta.app_label in labels and m._meta.managed]


def encrypted_columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if is_encrypted(f)]


def export_rows(congress: Congress) -> dict[str, list[dict]]:
    """Every row of the congress's schema, table by table.

    Encrypted columns (citizens' names and phones, deputies' contacts) are exported as they
    are stored, as ciphertext: the export is as protected as the database, and whoever holds
    the keys can still read it (``shared_apps.privacy.fields.decrypt``). Restoring uses the
    dump, never this file.
    """
    data: dict[str, list[dict]] = {}
    with schema_context(congress.schema_name):
        for model in _tenant_models():
            secret = encrypted_columns(model)
            plain = [f.attname for f in model._meta.concrete_fields if f.attname not in secret]
            stored = {f"_stored_{name}": Cast(name, TextField()) for name in secret}
            rows = list(model.objects.order_by("pk").values(*plain, **stored))
            for row in rows:
                for name in secret:
                    row[name] = row.pop(f"_stored_{name}")
            if rows:
                data[model._meta.label_lower] = rows
    return data


def _module_configs(congress: Congress) -> list[dict]:
    """Switches and configurations, write-only secrets (webhook keys) left out."""
    rows = []
    for switch in congress.module_switches.order_by("module"):
        manifest = get_manifest(switch.module)
        config = redacted(manifest, switch.config) if manifest else {}
        rows.append({"module": switch.module, "enabled": switch.enabled, "config": config})
    return rows


def archive(congress: Congress, *, user=None) -> Archive:
    """Dump and export the schema, then mark the congress archived. Only a suspended congress."""
    if congress.status != CongressStatus.SUSPENDED:
        raise ValidationError(_("请先暂停该人大，再归档。"))
    if congress.hosting_mode == HostingMode.CONNECTED or not schema_exists(congress.schema_name):
        raise ValidationError(_("该人大没有可归档的模式。"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    base = archive_root() / f"{congress.schema_name}-{stamp}"
    dump_path, export_path = base.with_suffix(".dump"), base.with_suffix(".json")
    args, env = _pg_env()
    db_name = connection.settings_dict["NAME"]
    result = subprocess.run(
        ["pg_dump", *args, "-d", db_name, "-n", congress.schema_name, "-Fc", "-f", str(dump_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(_("pg_dump 失败：%(e)s") % {"e": result.stderr.strip()})
    export = {
        "congress": {
            "id": congress.pk,
            "name": congress.name,
            "level": congress.level,
            "region_code": congress.region_code,
            "schema_name": congress.schema_name,
            "domains": list(congress.domains.values_list("domain", flat=True)),
            "modules": _module_configs(congress),
        },
        # Columns exported as ciphertext, per table (see export_rows).
        "encrypted_columns": {
            m._meta.label_lower: encrypted_columns(m) for m in _tenant_models() if encrypted_columns(m)
        },
        "exported_at": timezone.now(),
        "tables": export_rows(congress),
    }
    export_path.write_text(json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1))
    with transaction.atomic():
        item = Archive.objects.create(
            congress=congress,
            schema_name=congress.schema_name,
            dump_path=str(dump_path),
            export_path=str(export_path),
            size_bytes=dump_path.stat().st_size,
            created_by=user,
            fingerprint=SchemaState.objects.filter(schema_name=congress.schema_name)
            .values_list("fingerprint", flat=True)
            .first()
            or "",
        )
        congress.status = CongressStatus.ARCHIVED
        congress.save(update_fields=["status"])
        record("provisioning.congress_archived", congress, {"archive": item.pk}, congress=congress)
    return item


def restore(item: Archive, *, schema_name: str | None = None) -> Congress:
    """Restore an archive into its own schema (replacing what is there) or into a new one;
    the congress then serves from that schema, suspended until an operator resumes it."""
    congress = item.congress
    target = schemas.check_schema_name(schema_name or item.schema_name)
    source = item.schema_name
    if target != source and schema_exists(target):
        raise ValidationError(_("模式 %(s)s 已存在。") % {"s": target})
    if target != source and Congress.objects.filter(schema_name=target).exists():
        raise ValidationError(_("模式 %(s)s 已被其他人大使用。") % {"s": target})
    args, env = _pg_env()
    db_name = connection.settings_dict["NAME"]
    parked = f"{source}__parked"[:63]
    with connection.cursor() as cursor:
        if target == source:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{source}" CASCADE')
        elif schema_exists(source):
            # The dump names its schema; move the live one aside while pg_restore recreates it.
            cursor.execute(f'ALTER SCHEMA "{source}" RENAME TO "{parked}"')
    try:
        result = subprocess.run(
            [
                "pg_restore",
                *args,
                "-d",
                db_name,
                "--single-transaction",
                "--no-owner",
                item.dump_path,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(_("pg_restore 失败：%(e)s") % {"e": result.stderr.strip()})
        with connection.cursor() as cursor:
            if target != source:
                cursor.execute(f'ALTER SCHEMA "{source}" RENAME TO "{target}"')
    finally:
        if target != source and schema_exists(parked):
            with connection.cursor() as cursor:
                cursor.execute(f'ALTER SCHEMA "{parked}" RENAME TO "{source}"')
    with transaction.atomic():
        SchemaState.objects.update_or_create(
            schema_name=target, defaults={"fingerprint": item.fingerprint, "migrations": 0}
        )
        congress.schema_name = target
        congress.status = CongressStatus.SUSPENDED
        congress.save(update_fields=["schema_name", "status"])
        record(
            "provisioning.congress_restored",
            congress,
            {"archive": item.pk, "schema": target},
            congress=congress,
        )
    return congress


def drop(congress: Congress, *, confirm: str) -> None:
    """Drop the schema of an archived congress; ``confirm`` must repeat its region code."""
    if congress.status != CongressStatus.ARCHIVED:
        raise ValidationError(_("只能删除已归档的人大。"))
    if confirm != congress.region_code:
        raise ValidationError(
            _("确认内容不符：请输入该人大的区划代码 %(c)s。") % {"c": congress.region_code}
        )
    if not congress.archives.exists():
        raise ValidationError(_("没有归档文件，不能删除。"))
    with transaction.atomic():
        schemas.drop_schema(congress.schema_name)
        record(
            "provisioning.schema_dropped",
            congress,
            {"schema": congress.schema_name},
            congress=congress,
        )
