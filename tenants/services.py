"""Writes to the tenant registry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Congress, CongressStatus, Domain, HostingMode, ModuleSwitch
from .modules import get_manifest
from .regions import Level


def schema_name_for(region_code: str) -> str:
    return f"c_{region_code}"


def ensure_platform(domain: str) -> Congress:
    """The public tenant that serves the platform site itself."""
    platform, _created = Congress.objects.get_or_create(
        schema_name="public",
        defaults={"name": _("数字人大云平台"), "level": Level.PLATFORM, "status": CongressStatus.ACTIVE},
    )
    Domain.objects.get_or_create(domain=domain, defaults={"tenant": platform, "is_primary": True})
    return platform


def create_congress(
    *,
    name: str,
    level: str,
    region_code: str,
    parent: Congress | None = None,
    domains: Iterable[str] = (),
    hosting_mode: str = HostingMode.HOSTED,
    modules: Mapping[str, Mapping] | None = None,
    is_demo: bool = False,
    create_schema: bool = True,
) -> Congress:
    """Register a congress, give it its hostnames and modules, and build its schema
    (cloned from the template schema, or migrated: ``PROVISIONING_SCHEMA_METHOD``).

    The full onboarding pipeline, with jobs, administrators and seed data, is
    ``provisioning.pipeline``; this is its synchronous core for code and tests.

    Raises ValidationError (in Chinese) for a bad level, parent or region code,
    or a hostname in use, before anything is written.
    """
    congress = Congress(
        name=name,
        level=level,
        parent=parent,
        region_code=region_code,
        schema_name=schema_name_for(region_code),
        hosting_mode=hosting_mode,
        is_demo=is_demo,
    )
    congress.full_clean(exclude=["schema_name"] if not region_code else None)
    domains = [d.lower() for d in domains]
    taken = list(Domain.objects.filter(domain__in=domains).values_list("domain", flat=True))
    if taken:
        raise ValidationError({"domains": [_("域名 %(d)s 已被占用") % {"d": d} for d in taken]})
    from provisioning import schemas

    if create_schema and hosting_mode != HostingMode.CONNECTED and schemas.method() == "clone":
        # May run the template's migrations: not inside the transaction below.
        schemas.refresh_template()
    # The schema is built in the same transaction as the registry rows: a failure leaves
    # neither a congress without its schema nor a schema without its congress.
    with transaction.atomic():
        congress.save()
        for index, hostname in enumerate(domains):
            Domain.objects.create(domain=hostname, tenant=congress, is_primary=index == 0)
        for code, config in (modules or {}).items():
            set_module(congress, code, enabled=True, config=config)
        if create_schema and hosting_mode != HostingMode.CONNECTED:
            schemas.create_schema(congress.schema_name)
    return congress


def set_module(
    congress: Congress, code: str, *, enabled: bool, config: Mapping | None = None
) -> ModuleSwitch:
    manifest = get_manifest(code)
    if manifest is None:
        raise ValidationError({"module": _("未知模块：%(code)s") % {"code": code}})
    merged = {**manifest.default_config, **(config or {})}
    errors = manifest.config_errors(merged)
    if errors:
        raise ValidationError({"config": errors})
    switch, _created = ModuleSwitch.objects.update_or_create(
        congress=congress, module=code, defaults={"enabled": enabled, "config": merged}
    )
    return switch


def set_status(congress: Congress, status: str) -> Congress:
    congress.status = status
    congress.save(update_fields=["status"])
    return congress
