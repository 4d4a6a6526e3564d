"""The pipeline: each step's failure and resume, a killed worker, idempotent re-runs, rollback."""

from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from provisioning import pipeline, schemas
from provisioning.models import STEPS, JobState, SchemaState
from shared_apps.bus.models import OutboxEvent
from shared_apps.identity.models import Membership, OrganisationUnit, User
from tenants import routing
from tenants.models import Congress, CongressStatus, ModuleSwitch

from .support import township_spec

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: escapes every `except Exception`, as a dead process would."""


def _fail_after(step: str, error: BaseException, monkeypatch) -> None:
    """Make `step` do all its work and then blow up, before its transaction commits."""
    real = pipeline.STEP_FUNCS[step]

    def failing(job):
        real(job)
        raise error

    monkeypatch.setitem(pipeline.STEP_FUNCS, step, failing)


def _assert_not_live(region_code: str, host: str) -> None:
    congress = Congress.objects.filter(region_code=region_code).first()
    assert congress is None or congress.status == CongressStatus.PROVISIONING
    routed = routing.resolve(host)
    assert routed is None or routed.congress.status == CongressStatus.PROVISIONING


def _assert_complete(job) -> None:
    assert job.state == JobState.SUCCEEDED, job.error
    assert job.completed_steps == list(STEPS)
    congress = job.congress
    assert congress.status == CongressStatus.ACTIVE
    assert schemas.is_current(congress.schema_name)
    assert set(
        OrganisationUnit.objects.filter(congress=congress).values_list("name", flat=True)
    ) == {
        "街道办事处",
        "街道人大工委办公室",
    }
    roles = set(Membership.objects.filter(congress=congress).values_list("user__username", "role"))
    assert (f"admin_prov_{congress.region_code}", "administrator") in roles
    assert ("leader_K1", "leader") in roles
    switch = ModuleSwitch.objects.get(congress=congress, module="portal")
    assert switch.enabled and switch.config["home_post_count"] == 5
    from tenant_apps.portal.models import Post

    with schema_context(congress.schema_name):
        assert list(Post.objects.values_list("title", flat=True)) == ["网站开通"]
    events = OutboxEvent.objects.filter(type="tenant.provisioned", payload__congress_id=congress.pk)
    assert events.count() == 1


def test_a_spec_goes_through_every_step(world, client_for):
    job = pipeline.provision(township_spec())
    _assert_complete(job)
    assert [entry["step"] for entry in job.log] == list(STEPS)
    event = OutboxEvent.objects.get(type="tenant.provisioned", payload__congress_id=job.congress_id)
    assert event.payload["method"] == "clone" and event.payload["modules"] == ["portal"]
    host = job.congress.primary_domain_name()
    assert client_for(None).get("/", HTTP_HOST=host).status_code == 200


@pytest.mark.parametrize("step", STEPS)
def test_each_step_fails_then_resumes(world, monkeypatch, step):
    data = township_spec()
    job = pipeline.submit(data)
    _fail_after(step, Boom(f"{step} broke"), monkeypatch)
    job = pipeline.run(job.pk)
    assert job.state == JobState.FAILED
    assert job.step == step and step not in job.completed_steps
    assert f"{step} broke" in job.error
    assert job.log[-1]["level"] == "error"
    if step != "publish":
        _assert_not_live(data["region_code"], data["domains"][0])
    monkeypatch.undo()
    job = pipeline.run(job.pk)
    _assert_complete(job)
    assert job.attempts == 2


@pytest.mark.parametrize("step", STEPS)
def test_a_worker_killed_mid_step_leaves_a_resumable_job(world, monkeypatch, step):
    data = township_spec()
    job = pipeline.submit(data)
    _fail_after(step, WorkerKilled(), monkeypatch)
    with pytest.raises(WorkerKilled):
        pipeline.run(job.pk)
    job.refresh_from_db()
    # The job shows where it died; nothing of that step was kept.
    assert job.state == JobState.RUNNING and job.step == step
    assert step not in job.completed_steps
    assert not pipeline.is_held(job.pk)
    if step in ("validate", "create_schema"):
        assert not Congress.objects.filter(region_code=data["region_code"]).exists()
        assert not schema_exists(f"c_{data['region_code']}")
    if step != "publish":
        _assert_not_live(data["region_code"], data["domains"][0])
    monkeypatch.undo()
    _assert_complete(pipeline.run(job.pk))


def test_a_killed_job_can_be_rolled_back_instead(world, monkeypatch):
    data = township_spec()
    job = pipeline.submit(data)
    _fail_after("admins", WorkerKilled(), monkeypatch)
    with pytest.raises(WorkerKilled):
        pipeline.run(job.pk)
    schema = f"c_{data['region_code']}"
    assert schema_exists(schema)
    job = pipeline.rollback(job.pk)
    assert job.state == JobState.ROLLED_BACK
    assert not schema_exists(schema)
    assert not Congress.objects.filter(region_code=data["region_code"]).exists()
    assert not SchemaState.objects.filter(schema_name=schema).exists()
    # A rolled-back job is finished: running it again does nothing.
    assert pipeline.run(job.pk).state == JobState.ROLLED_BACK


def test_a_finished_job_is_not_rolled_back(world):
    job = pipeline.provision(township_spec())
    with pytest.raises(pipeline.JobFinished):
        pipeline.rollback(job.pk)


def test_re_running_a_finished_job_changes_nothing(world):
    job = pipeline.provision(township_spec())

    def snapshot():
        congress = Congress.objects.get(pk=job.congress_id)
        return (
            congress.status,
            job.congress.schema_name,
            sorted(Membership.objects.filter(congress=congress).values_list("user_id", "role")),
            OrganisationUnit.objects.filter(congress=congress).count(),
            User.objects.count(),
            OutboxEvent.objects.filter(type="tenant.provisioned").count(),
            list(ModuleSwitch.objects.filter(congress=congress).values_list("module", "config")),
        )

    before = snapshot()
    again = pipeline.run(job.pk)
    assert again.state == JobState.SUCCEEDED and again.attempts == job.attempts
    assert snapshot() == before


def test_a_busy_job_is_not_run_twice(world):
    """Another worker (another database session) holds the job: this one keeps off."""
    import psycopg

    job = pipeline.submit(township_spec())
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]
    ) as other:
        other.execute(
            "SELECT pg_advisory_lock(%s, %s)",
            [schemas.LOCK_NAMESPACE, pipeline.JOB_LOCK_BASE + job.pk],
        )
        assert pipeline.is_held(job.pk)
        with pytest.raises(pipeline.JobBusy):
            pipeline.run(job.pk)
    # The other worker's session ended (as a killed worker's would): the job is free again,
    # as soon as the server has noticed.
    import time

    deadline = time.monotonic() + 5
    while pipeline.is_held(job.pk) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pipeline.is_held(job.pk)
    assert pipeline.run(job.pk).state == JobState.SUCCEEDED


def test_the_migrate_path_gives_the_same_result(world, settings):
    settings.PROVISIONING_SCHEMA_METHOD = "migrate"
    job = pipeline.provision(township_spec())
    _assert_complete(job)
    assert "迁移方式" in job.log[1]["message"]
    assert (
        OutboxEvent.objects.get(type="tenant.provisioned", payload__job_id=job.pk).payload["method"]
        == "migrate"
    )


def test_a_connected_congress_gets_no_schema(world):
    data = township_spec(hosting_mode="connected", modules={}, seed={}, domains=[])
    job = pipeline.provision(data)
    assert job.state == JobState.SUCCEEDED, job.error
    assert not schema_exists(job.congress.schema_name)
    assert connection.schema_name == "public"


def test_a_failed_validation_at_run_time_creates_nothing(world):
    data = township_spec()
    job = pipeline.submit(data)
    # Someone takes the hostname between submission and run.
    from tenants.models import Domain

    Domain.objects.create(
        domain=data["domains"][0], tenant=world.congresses["T2"], is_primary=False
    )
    job = pipeline.run(job.pk)
    assert job.state == JobState.FAILED and job.step == "validate"
    assert "domains[0]" in job.error
    assert not Congress.objects.filter(region_code=data["region_code"]).exists()


def test_create_congress_uses_the_clone_path(world):
    from tenants.services import create_congress

    congress = create_congress(
        name="克隆测试镇",
        level="township",
        region_code="320221101",
        parent=world.congresses["K2"],
        domains=["clone-check.testserver"],
        modules={"portal": {}},
    )
    assert schemas.is_current(congress.schema_name)
    assert schemas.catalog(congress.schema_name) == schemas.catalog(schemas.template_schema())
