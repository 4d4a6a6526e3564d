"""Where personal data is indexed and encrypted, and rewriting it after a key rotation.

Every model field of the two kinds is found by introspection, in the public schema for
shared apps and in every congress schema for modules: a module adds nothing to be covered.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from .fields import BlindIndexField, DecryptionError, fernet, is_encrypted, primary_fernet
from .masking import current_index_prefix


@dataclass(frozen=True)
class Target:
    schema: str
    model: type[models.Model]
    field: BlindIndexField

    def __str__(self) -> str:
        return f"{self.schema}.{self.model._meta.label}.{self.field.name}"


def _indexed_fields() -> Iterator[tuple[type[models.Model], BlindIndexField, bool]]:
    tenant_apps = set(settings.TENANT_APPS)
    for model in apps.get_models():
        for field in model._meta.local_fields:
            if isinstance(field, BlindIndexField):
                yield model, field, model._meta.app_config.name in tenant_apps


def congress_schemas() -> list[str]:
    from tenants.models import Congress

    public = get_public_schema_name()
    names = Congress.objects.exclude(schema_name=public).order_by("schema_name").values_list("schema_name", flat=True)
    return [name for name in names if schema_exists(name)]


def targets(schemas: list[str] | None = None) -> list[Target]:
    public = get_public_schema_name()
    tenant_schemas = congress_schemas()
    found = []
    for model, field, per_congress in _indexed_fields():
        for schema in tenant_schemas if per_congress else [public]:
            if schemas is None or schema in schemas:
                found.append(Target(schema, model, field))
    return found


def _stale(target: Target) -> models.QuerySet:
    """Rows whose index is missing or of another key version than the current one."""
    name, prefix = target.field.name, current_index_prefix()
    other_version = ~Q(**{f"{name}__startswith": prefix}) if prefix else Q(**{f"{name}__regex": r"^\d+:"})
    missing = Q(**{f"{name}__isnull": True}) | Q(**{name: ""})
    return target.model._base_manager.filter(**{f"{target.field.source}__isnull": False}).filter(
        other_version | missing
    )


def remaining(target: Target) -> int:
    with schema_context(target.schema):
        return _stale(target).count()


def reindex(target: Target, *, batch: int = 1000, progress: Callable[[int], None] | None = None) -> int:
    """Rewrite the stale indexes of one target, one committed batch at a time (resumable)."""
    done, last = 0, None
    name, source = target.field.name, target.field.source
    with schema_context(target.schema):
        while True:
            rows = _stale(target).order_by("pk").only("pk", source, name)
            if last is not None:
                rows = rows.filter(pk__gt=last)
            chunk = list(rows[:batch])
            if not chunk:
                return done
            for row in chunk:
                setattr(row, name, target.field.index_of(getattr(row, source)))
            with transaction.atomic():
                target.model._base_manager.bulk_update(chunk, [name])
            done += len(chunk)
            last = chunk[-1].pk
            if progress:
                progress(done)


# Encryption key rotation --------------------------------------------------------------------------


@dataclass(frozen=True)
class EncryptedTarget:
    schema: str
    model: type[models.Model]
    columns: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.schema}.{self.model._meta.label}({', '.join(self.columns)})"


def encrypted_targets(schemas: list[str] | None = None) -> list[EncryptedTarget]:
    public, tenant_schemas, tenant_apps = get_public_schema_name(), congress_schemas(), set(settings.TENANT_APPS)
    found = []
    for model in apps.get_models():
        columns = tuple(f.column for f in model._meta.concrete_fields if is_encrypted(f))
        if not columns or not model._meta.managed:
            continue
        per_congress = model._meta.app_config.name in tenant_apps
        for schema in tenant_schemas if per_congress else [public]:
            if schemas is None or schema in schemas:
                found.append(EncryptedTarget(schema, model, columns))
    return found


def reencrypt(target: EncryptedTarget, *, batch: int = 1000, dry_run: bool = False) -> int:
    """Rewrite, with the current SECRET_KEY, every value of the target still under an older key.

    Tokens are read and written as stored (never decrypted into the model), one committed batch
    at a time; values already under the current key are skipped, so a second run resumes.
    Returns the number of rows that needed it.
    """
    primary, every = primary_fernet(), fernet()
    table, pk = target.model._meta.db_table, target.model._meta.pk.column
    quote = connection.ops.quote_name
    json_columns = {
        f.column for f in target.model._meta.concrete_fields if isinstance(f, models.JSONField) and is_encrypted(f)
    }

    def rotated(token: str, pk_value: object) -> str | None:
        """The token under the current key, or None when it already is."""
        try:
            primary.decrypt(token.encode())
            return None
        except InvalidToken:
            try:
                return every.rotate(token.encode()).decode()
            except InvalidToken:
                raise DecryptionError(f"{target}: row {pk_value} is under no configured key") from None

    def rotated_json(text: str, pk_value: object) -> str | None:
        """An encrypted JSON document (every leaf a token) with its leaves under the current key."""
        value, wrapped = json.loads(text), False
        if isinstance(value, str) and value[:1] in "{[":  # stored as a JSON string of the document
            value, wrapped = json.loads(value), True
        changed = False

        def walk(node):
            nonlocal changed
            if isinstance(node, dict):
                return {key: walk(item) for key, item in node.items()}
            if isinstance(node, list):
                return [walk(item) for item in node]
            if not isinstance(node, str) or not node:
                return node
            fresh = rotated(node, pk_value)
            if fresh is None:
                return node
            changed = True
            return fresh

        value = walk(value)
        if not changed:
            return None
        return json.dumps(json.dumps(value) if wrapped else value)

    done, last = 0, None
    with schema_context(target.schema):
        while True:
            rows = target.model._base_manager.order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            chunk = list(rows.values_list("pk", *[Cast(c, TextField()) for c in target.columns])[:batch])
            if not chunk:
                return done
            updates = []
            for pk_value, *tokens in chunk:
                fresh = {}
                for column, token in zip(target.columns, tokens, strict=True):
                    if not token:
                        continue
                    value = rotated_json(token, pk_value) if column in json_columns else rotated(token, pk_value)
                    if value is not None:
                        fresh[column] = value
                if fresh:
                    updates.append((pk_value, fresh))
            if updates and not dry_run:
                with transaction.atomic(), connection.cursor() as cursor:
                    for pk_value, fresh in updates:
                        assignments = ", ".join(
                            f"{quote(column)} = %s::jsonb" if column in json_columns else f"{quote(column)} = %s"
                            for column in fresh
                        )
                        cursor.execute(
                            f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk)} = %s",
                            [*fresh.values(), pk_value],
                        )
            done += len(updates)
            last = chunk[-1][0]
