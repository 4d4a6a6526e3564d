"""Specs and helpers shared by the provisioning tests."""

from __future__ import annotations

import itertools

_counter = itertools.count(1)


def township_spec(parent: str = "320102", **overrides) -> dict:
    """A valid spec for a new sub-district under the world's county K1 (320102)."""
    n = next(_counter)
    code = f"{parent}{700 + n:03d}"
    spec = {
        "name": f"测试开通街道{n}",
        "level": "subdistrict",
        "region_code": code,
        "parent": parent,
        "domains": [f"prov-{code}.testserver"],
        "modules": {"portal": {"home_post_count": 5}},
        "administrators": [
            {"username": f"admin_prov_{code}", "display_name": "开通管理员", "email": f"admin-{code}@example.cn"}
        ],
        "leaders": [{"username": "leader_K1"}],
        "units": [
            {"kind": "government", "name": "街道办事处"},
            {"kind": "congress", "name": "街道人大工委办公室"},
        ],
        "seed": {
            "portal": {
                "posts": [
                    {"kind": "notice", "title": "网站开通", "body": "<p>欢迎</p>", "publish": True}
                ]
            }
        },
    }
    spec.update(overrides)
    return spec


def purge(congress) -> None:
    """Remove a congress made with committed writes: schemas, archives, jobs, registry rows."""
    from pathlib import Path

    from provisioning.models import Archive, ProvisioningJob
    from provisioning.pipeline import _delete_registry_rows
    from provisioning.schemas import drop_schema
    from shared_apps.bus.models import OutboxEvent

    congress.refresh_from_db()
    for name in {congress.schema_name, *congress.archives.values_list("schema_name", flat=True)}:
        drop_schema(name)
    for item in congress.archives.all():
        Path(item.dump_path).unlink(missing_ok=True)
        Path(item.export_path).unlink(missing_ok=True)
    Archive.objects.filter(congress=congress).delete()
    OutboxEvent.objects.filter(type="tenant.provisioned", payload__congress_id=congress.pk).delete()
    ProvisioningJob.objects.filter(region_code=congress.region_code).delete()
    _delete_registry_rows(congress)
