"""Suspend, archive, restore, drop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context, schema_exists

from provisioning import lifecycle, pipeline
from tenants.models import Congress, CongressStatus

from .support import purge, township_spec


@pytest.fixture
def committed_congresses(committed):
    """pg_dump and pg_restore are other processes: they only see committed rows. Congresses made
    here are committed, and removed again afterwards (schemas, registry rows, archives)."""
    made = []
    yield made
    for congress in made:
        purge(congress)


@pytest.mark.django_db
def test_suspend_makes_writes_fail_with_a_clear_message(world, client_for):
    # A fresh instance: the world's objects are shared by every test of the session.
    t2 = Congress.objects.get(pk=world.congresses["T2"].pk)
    lifecycle.suspend(t2)
    client = client_for("T2", world.user("administrator", "T2"))
    page = client.post("/portal/manage/new/", {"title": "x", "body": "<p>x</p>", "kind": "news"})
    assert page.status_code == 423
    assert "已暂停服务" in page.content.decode()
    api = client.post("/api/v1/portal/posts/", {"title": "x", "body": "x", "kind": "news"})
    assert api.status_code == 423
    assert api.json()["error"]["code"] == "congress_suspended"
    assert client.get("/").status_code == 200  # reading goes on, with the notice
    assert "已暂停服务" in client.get("/").content.decode()
    lifecycle.resume(t2)
    with pytest.raises(ValidationError):
        lifecycle.resume(t2)


def _with_posts(made, titles):
    job = pipeline.provision(
        township_spec(
            seed={
                "portal": {
                    "posts": [
                        {"kind": "news", "title": t, "body": f"<p>{t}</p>", "publish": True}
                        for t in titles
                    ]
                }
            }
        )
    )
    made.append(job.congress)
    return job.congress


def test_archive_then_restore_round_trips_the_data(world, committed_congresses):
    from django.test import Client

    from tenant_apps.portal.models import Post

    congress = _with_posts(committed_congresses, ["甲文", "乙文"])
    with pytest.raises(ValidationError):
        lifecycle.archive(congress)  # only a suspended congress
    lifecycle.suspend(congress)
    item = lifecycle.archive(congress)
    congress.refresh_from_db()
    assert congress.status == CongressStatus.ARCHIVED
    assert Path(item.dump_path).stat().st_size > 0
    export = json.loads(Path(item.export_path).read_text())
    assert sorted(row["title"] for row in export["tables"]["portal.post"]) == ["乙文", "甲文"]
    # An archived congress is no longer served.
    assert Client().get("/", HTTP_HOST=congress.primary_domain_name()).status_code == 410

    with pytest.raises(ValidationError):
        lifecycle.drop(congress, confirm="wrong")
    lifecycle.drop(congress, confirm=congress.region_code)
    assert not schema_exists(congress.schema_name)

    lifecycle.restore(item)
    congress.refresh_from_db()
    assert congress.status == CongressStatus.SUSPENDED
    # The restored schema carries the migration state it was archived with: no rollout needed.
    from provisioning import rollout

    assert congress.schema_name not in rollout.plan().stale
    with schema_context(congress.schema_name):
        assert sorted(Post.objects.values_list("title", flat=True)) == ["乙文", "甲文"]
        Post.objects.create(title="恢复后新增", body="", kind="news")  # the sequence came back too
    lifecycle.resume(congress)
    assert Client().get("/", HTTP_HOST=congress.primary_domain_name()).status_code == 200


def test_restore_into_a_new_schema_beside_the_old_one(world, committed_congresses):
    from tenant_apps.portal.models import Post

    congress = _with_posts(committed_congresses, ["丙文"])
    old_schema = congress.schema_name
    lifecycle.suspend(congress)
    item = lifecycle.archive(congress)
    with schema_context(old_schema):
        Post.objects.all().delete()  # what happened after the archive is not in it
    lifecycle.restore(item, schema_name=f"{old_schema}_r1")
    congress.refresh_from_db()
    assert congress.schema_name == f"{old_schema}_r1"
    assert schema_exists(old_schema)
    with schema_context(congress.schema_name):
        assert list(Post.objects.values_list("title", flat=True)) == ["丙文"]
    with schema_context(old_schema):
        assert not Post.objects.exists()


@pytest.mark.django_db
def test_drop_is_only_for_archived_congresses(world):
    with pytest.raises(ValidationError):
        lifecycle.drop(world.congresses["T1"], confirm=world.congresses["T1"].region_code)
    assert schema_exists(world.congresses["T1"].schema_name)


def test_the_archive_export_keeps_personal_data_encrypted_and_restore_still_reads_it(world, committed_congresses):
    from shared_apps.privacy.fields import decrypt
    from tenant_apps.deputies.models import Deputy
    from tenant_apps.deputies.tests.helpers import deputy
    from tenants.services import set_module

    congress = _with_posts(committed_congresses, ["丁文"])
    set_module(congress, "voices", enabled=True, config={"webhook_secret": "archive-webhook-key"})
    with schema_context(congress.schema_name):
        d = deputy("归档代表", mobile="13766660001", email="guidang@example.cn", address="归档路1号")
    lifecycle.suspend(congress)
    item = lifecycle.archive(congress)
    text = Path(item.export_path).read_text()
    for clear in ("13766660001", "guidang@example.cn", "归档路1号", "archive-webhook-key"):
        assert clear not in text, clear
    export = json.loads(text)
    assert set(export["encrypted_columns"]["deputies.deputy"]) >= {"mobile", "email", "address"}
    assert "phone" in export["encrypted_columns"]["voices.voice"]
    row = next(r for r in export["tables"]["deputies.deputy"] if r["id"] == d.pk)
    assert row["name"] == "归档代表" and decrypt(row["mobile"]) == "13766660001"
    lifecycle.restore(item, schema_name=f"{congress.schema_name}_r2")
    congress.refresh_from_db()
    with schema_context(congress.schema_name):
        assert Deputy.objects.get(pk=d.pk).mobile == "13766660001"
