from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import labels
from .models import AuditEntry

SOURCES = {"web": gettext_lazy("网页"), "api": gettext_lazy("接口"), "system": gettext_lazy("系统")}


def entries_for(obj) -> QuerySet:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    actor: str
    action: str
    object: str
    source: str


def _object_labels(entries: Sequence[AuditEntry]) -> dict[tuple[str, str], str]:
    """(object_type, object_id) -> the object's name, one query per type on the page."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.object_type and entry.object_id:
            wanted[entry.object_type].add(entry.object_id)
    found: dict[tuple[str, str], str] = {}
    for object_type, ids in wanted.items():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        for obj in model._default_manager.filter(pk__in=list(ids)):
            found[(object_type, str(obj.pk))] = f"{model._meta.verbose_name}：{obj}"
    return found


def readable(entries: Sequence[AuditEntry]) -> list[Row]:
    """The entries with actor names, action labels and object names instead of ids and codes."""
    entries = list(entries)
    actor_ids = {e.actor_id for e in entries if e.actor_id is not None}
    users = {u.pk: str(u) for u in get_user_model().objects.filter(pk__in=actor_ids)}
    objects = _object_labels(entries)
    rows = []
    for entry in entries:
        if entry.actor_id is None:
            actor = _("系统") if entry.action != "identity.login_failed" else _("未登录用户")
        else:
            actor = users.get(entry.actor_id, _("已删除的用户"))
        key = (entry.object_type, entry.object_id)
        shown = objects.get(key) or _("已删除的对象") if entry.object_type else ""
        rows.append(Row(
            entry=entry, actor=actor, action=labels.label(entry.action), object=shown,
            source=str(SOURCES.get(entry.source, entry.source)),
        ))
    return rows
