"""The provisioning pages and API live on the platform site and are for platform operators
only: congress administrators and leaders get 403 from every one of them, for real jobs,
batches and congresses (PLATFORM_SEED), which the operator does reach."""

from provisioning.models import Batch, JobState, ProvisioningJob
from tests.isolation.registry import Case


def PLATFORM_SEED(world):
    batch = Batch.objects.create(name="隔离测试批次", state=JobState.SUCCEEDED, total=1)
    spec = {"name": "x", "level": "county", "region_code": "320999"}
    done = ProvisioningJob.objects.create(
        spec=spec, region_code="320999", name="已完成任务", level="county", state=JobState.SUCCEEDED, batch=batch
    )
    # A failed job that never created a congress: rolling it back touches no schema.
    failed = ProvisioningJob.objects.create(
        spec=spec, region_code="320998", name="失败任务", level="county", state=JobState.FAILED
    )
    # Lifecycle actions act on a real, active congress (inside the test's rolled-back transaction).
    return {"job_id": done.pk, "failed_id": failed.pk, "batch_id": batch.pk, "congress_id": world.congresses["K2"].pk}


def _job(seed):
    return {"pk": seed["job_id"]}


def _failed(seed):
    return {"pk": seed["failed_id"]}


def _batch(seed):
    return {"pk": seed["batch_id"]}


def _congress(seed):
    return {"pk": seed["congress_id"]}


def _action(action):
    return lambda seed: {"pk": seed["congress_id"], "action": action}


# A POST whose real effect would need a new schema or a pg_dump (onboarding, archiving, dropping)
# is sent with input its own validation refuses: 400 shows the operator got past the guard.
PAGES = [
    Case("provisioning:dashboard", site="platform"),
    Case("provisioning:new", site="platform"),
    Case("provisioning:new", method="post", data={"name": "x"}, site="platform", own_status=400),
    Case("provisioning:job", kwargs=_job, site="platform"),
    Case("provisioning:job-status", kwargs=_job, site="platform"),
    Case("provisioning:job-retry", method="post", kwargs=_job, site="platform", own_status=302),
    Case("provisioning:job-rollback", method="post", kwargs=_failed, site="platform", own_status=302),
    Case("provisioning:bulk", site="platform"),
    Case("provisioning:bulk", method="post", site="platform", own_status=400),
    Case("provisioning:batch", kwargs=_batch, site="platform"),
    Case("provisioning:batch-status", kwargs=_batch, site="platform"),
    Case("provisioning:congresses", site="platform"),
    Case("provisioning:congress-action", method="post", kwargs=_action("suspend"), site="platform", own_status=302),
]

API = [
    Case("provisioning-api:job-list", site="platform"),
    Case("provisioning-api:job-list", method="post", data={"spec": "{}"}, site="platform", own_status=400),
    Case("provisioning-api:job-detail", kwargs=_job, site="platform"),
    Case("provisioning-api:job-retry", method="post", kwargs=_job, site="platform"),
    Case("provisioning-api:job-rollback", method="post", kwargs=_failed, site="platform"),
    Case("provisioning-api:validate", method="post", data={"spec": "{}"}, site="platform", own_status=400),
    Case("provisioning-api:rollout-plan", site="platform"),
    Case("provisioning-api:batch-list", site="platform"),
    Case("provisioning-api:batch-list", method="post", site="platform", own_status=400),
    Case("provisioning-api:batch-detail", kwargs=_batch, site="platform"),
    Case("provisioning-api:congress-list", site="platform"),
    Case("provisioning-api:congress-detail", kwargs=_congress, site="platform"),
    Case("provisioning-api:congress-suspend", method="post", kwargs=_congress, site="platform"),
    # An active congress: resume, archive, restore and drop are refused by the lifecycle itself.
    *[
        Case(f"provisioning-api:congress-{action}", method="post", kwargs=_congress, site="platform", own_status=400)
        for action in ("resume", "archive", "restore", "drop")
    ],
]

CASES = PAGES + API
