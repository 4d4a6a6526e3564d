"""The onboarding pipeline: named steps, each committed together with its own completion.

A step's writes (public registry rows and the new schema alike: one database) and the
job's record that the step is done commit in one transaction, so a worker killed in the
middle of a step leaves the job at that step with nothing of it applied. The congress
stays ``provisioning`` (routing answers "being set up") until the activate step.
A session advisory lock per job keeps two workers off one job; PostgreSQL releases it
when a killed worker's connection drops, so the job can be resumed or rolled back.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from contextlib import contextmanager

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from shared_apps.accounts import services as accounts
from shared_apps.audit.services import record
from shared_apps.bus.services import publish
from shared_apps.identity.models import Membership, OrganisationUnit
from shared_apps.identity.roles import Role
from shared_apps.identity.services import add_membership, create_organisation_unit, create_user
from tenants.models import Congress, CongressStatus, Domain, HostingMode, ModuleSwitch
from tenants.modules import get_manifest
from tenants.services import schema_name_for, set_module

from . import schemas, spec
from .models import STEPS, JobState, ProvisioningJob, Step

JOB_LOCK_BASE = 1_000_000


class JobBusy(RuntimeError):
    """Another worker holds this job."""


class JobFinished(RuntimeError):
    pass


@contextmanager
def job_lock(job_id: int):
    """Hold the job's advisory lock for the duration, or raise JobBusy."""
    key = JOB_LOCK_BASE + job_id
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [schemas.LOCK_NAMESPACE, key])
        if not cursor.fetchone()[0]:
            raise JobBusy(_("任务 %(id)s 正由另一个进程执行") % {"id": job_id})
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [schemas.LOCK_NAMESPACE, key])


def is_held(job_id: int) -> bool:
    """Whether some live worker is executing the job right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = %s "
            "AND objid = %s AND objsubid = 2 AND granted)",
            [schemas.LOCK_NAMESPACE, JOB_LOCK_BASE + job_id],
        )
        return cursor.fetchone()[0]


@contextmanager
def _relaxed_commits():
    """Commit without waiting for the WAL flush while a job runs.

    A crash can lose at most the last few hundred milliseconds of commits; every step commits
    with its completion mark, so such a job is simply resumed from an earlier step. Nothing
    is corrupted (this is not fsync=off), and each commit stops costing a disk flush.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")


def _log(job: ProvisioningJob, step: str, message: str, level: str = "info") -> None:
    job.log = [
        *job.log,
        {"at": timezone.now().isoformat(), "step": step, "level": level, "message": message},
    ]


# --- the steps ------------------------------------------------------------------------------


def step_validate(job: ProvisioningJob) -> str:
    data = spec.normalise(job.spec)
    # At run time the parent must really exist: a batch runs parents first, and a child
    # whose parent failed stops here with nothing created.
    context = spec.Context(own_congress_id=job.congress_id)
    problems = spec.validate(data, context=context)
    if problems:
        raise spec.SpecInvalid(problems)
    return _("规格校验通过")


def step_create_schema(job: ProvisioningJob) -> str:
    data = spec.normalise(job.spec)
    congress = job.congress
    if congress is None:
        parent = Congress.objects.get(region_code=data["parent"]) if data["parent"] else None
        congress = Congress(
            name=data["name"],
            level=data["level"],
            region_code=data["region_code"],
            parent=parent,
            schema_name=schema_name_for(data["region_code"]),
            hosting_mode=data["hosting_mode"],
            status=CongressStatus.PROVISIONING,
        )
        congress.save()
        for index, hostname in enumerate(data["domains"]):
            Domain.objects.create(domain=hostname, tenant=congress, is_primary=index == 0)
        job.congress = congress
    if congress.hosting_mode == HostingMode.CONNECTED:
        return _("自建接入：不建模式")
    if schemas.method() == "migrate":
        with connection.cursor() as cursor:
            cursor.execute(
                f'CREATE SCHEMA IF NOT EXISTS "{schemas.check_schema_name(congress.schema_name)}"'
            )
        return _("已建模式 %(s)s（迁移方式）") % {"s": congress.schema_name}
    if schemas.is_current(congress.schema_name):
        return _("模式 %(s)s 已存在") % {"s": congress.schema_name}
    schemas.clone_schema(congress.schema_name)
    return _("已从模板克隆模式 %(s)s") % {"s": congress.schema_name}


def step_migrate(job: ProvisioningJob) -> str:
    congress = job.congress
    if congress.hosting_mode == HostingMode.CONNECTED:
        return _("自建接入：无需迁移")
    if schemas.is_current(congress.schema_name):
        return _("已是最新迁移")
    schemas.migrate_schema(congress.schema_name)
    return _("已执行迁移")


def step_seed(job: ProvisioningJob) -> str:
    data = spec.normalise(job.spec)
    congress = job.congress
    existing = set(
        OrganisationUnit.objects.filter(congress=congress).values_list("name", flat=True)
    )
    made = 0
    for unit in data["units"]:
        if unit["name"] not in existing:
            create_organisation_unit(congress=congress, kind=unit["kind"], name=unit["name"])
            made += 1
    seeded = []
    if congress.hosting_mode != HostingMode.CONNECTED:
        for code, payload in data["seed"].items():
            manifest = get_manifest(code)
            from django.utils.module_loading import import_string

            seeder = import_string(manifest.seeder)
            with schema_context(congress.schema_name):
                seeder(congress, payload)
            seeded.append(code)
    return _("单位 %(n)s 个；初始数据：%(m)s") % {"n": made, "m": ", ".join(seeded) or "-"}


def step_admins(job: ProvisioningJob) -> str:
    data = spec.normalise(job.spec)
    congress = job.congress
    invited, linked = [], 0
    for key, role in (("administrators", Role.ADMINISTRATOR), ("leaders", Role.LEADER)):
        for person in data[key]:
            user = spec.match_user(person)
            if user is None:
                user = create_user(
                    username=person["username"],
                    display_name=person.get("display_name", ""),
                    email=person.get("email", ""),
                    phone=person.get("phone"),
                )
                # Nobody runs `changepassword` on a server: the person sets it from the invitation.
                invitation = accounts.invite(user, congress=congress, invited_by=job.created_by)
                invited.append(f"{user.username} ({invitation.sent_to})")
            add_membership(user=user, congress=congress, role=role)
            linked += 1
    message = _("成员 %(n)s 个") % {"n": linked}
    if invited:
        message += _("；设置密码的邀请已发送至：%(u)s") % {"u": ", ".join(invited)}
    return message


def step_modules(job: ProvisioningJob) -> str:
    data = spec.normalise(job.spec)
    for code, config in data["modules"].items():
        set_module(job.congress, code, enabled=True, config=config)
    return _("模块：%(m)s") % {"m": ", ".join(data["modules"]) or "-"}


def step_activate(job: ProvisioningJob) -> str:
    congress = job.congress
    congress.status = CongressStatus.ACTIVE
    congress.save(update_fields=["status"])
    record("provisioning.congress_activated", congress, {"job": job.pk}, congress=congress)
    return _("已启用")


def step_publish(job: ProvisioningJob) -> str:
    congress = job.congress
    connection.set_schema_to_public()
    modules = sorted(
        ModuleSwitch.objects.filter(congress=congress, enabled=True).values_list(
            "module", flat=True
        )
    )
    publish(
        "tenant.provisioned",
        {
            "congress_id": congress.pk,
            "region_code": congress.region_code,
            "level": congress.level,
            "parent_id": congress.parent_id,
            "hosting_mode": congress.hosting_mode,
            "modules": modules,
            "job_id": job.pk,
            "method": "none"
            if congress.hosting_mode == HostingMode.CONNECTED
            else schemas.method(),
            "provisioned_at": timezone.now(),
        },
    )
    return _("已发布 tenant.provisioned")


STEP_FUNCS: dict[str, Callable[[ProvisioningJob], str]] = {
    Step.VALIDATE: step_validate,
    Step.CREATE_SCHEMA: step_create_schema,
    Step.MIGRATE: step_migrate,
    Step.SEED: step_seed,
    Step.ADMINS: step_admins,
    Step.MODULES: step_modules,
    Step.ACTIVATE: step_activate,
    Step.PUBLISH: step_publish,
}

# Steps that cannot share one transaction with the job row: migrations may be non-atomic.
_OUTSIDE_TRANSACTION = {Step.MIGRATE}


# --- running jobs ---------------------------------------------------------------------------


def create_job(data: dict, *, user=None, batch=None) -> ProvisioningJob:
    job = ProvisioningJob.objects.create(
        spec=data,
        region_code=data["region_code"],
        name=data["name"],
        level=data["level"],
        depth=spec.depth_of(data["level"]),
        batch=batch,
        created_by=user,
    )
    record("provisioning.job_created", job, {"region_code": job.region_code})
    return job


def submit(raw: dict, *, user=None) -> ProvisioningJob:
    """Validate a spec and queue a job for it; a spec with problems raises and creates nothing."""
    data = spec.check(raw)
    with transaction.atomic():
        return create_job(data, user=user)


def run(job_id: int) -> ProvisioningJob:
    """Run (or resume) a job from its first unfinished step. A finished job is left as it is."""
    connection.set_schema_to_public()
    with job_lock(job_id), _relaxed_commits():
        job = ProvisioningJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        job.state = JobState.RUNNING
        job.attempts += 1
        job.error = ""
        job.started_at = job.started_at or timezone.now()
        if job.attempts > 1:
            _log(
                job,
                job.step or Step.VALIDATE,
                _("第 %(n)s 次执行，从未完成的步骤继续") % {"n": job.attempts},
            )
        job.save()
        for step in STEPS:
            if step in job.completed_steps:
                continue
            if job.step != step:
                job.step = step
                job.save(update_fields=["step", "updated_at"])
            try:
                _run_step(job, step)
            except Exception as exc:  # a failed step is recorded on the job, not raised
                connection.set_schema_to_public()
                job = ProvisioningJob.objects.get(pk=job_id)
                job.state = JobState.FAILED
                job.error = _describe(exc)
                _log(job, step, job.error, "error")
                job.save()
                return job
        job.state = JobState.SUCCEEDED
        job.finished_at = timezone.now()
        job.save()
        return job


def _run_step(job: ProvisioningJob, step: str) -> None:
    func = STEP_FUNCS[step]
    if step in _OUTSIDE_TRANSACTION:
        if step == Step.MIGRATE and schemas.method() == "clone":
            schemas.refresh_template()
        message = func(job)
        with transaction.atomic():
            _finish_step(job, step, message)
        return
    if step == Step.CREATE_SCHEMA and schemas.method() == "clone":
        # Refreshing the template may run migrations: never inside the step's transaction.
        schemas.refresh_template()
    with transaction.atomic():
        message = func(job)
        _finish_step(job, step, message)


def _finish_step(job: ProvisioningJob, step: str, message: str) -> None:
    connection.set_schema_to_public()
    job.completed_steps = [*job.completed_steps, step]
    _log(job, step, message)
    # The next step is marked current in the same write: a worker dying from here on leaves
    # the job pointing at the step it was in.
    remaining = [s for s in STEPS if s not in job.completed_steps]
    job.step = remaining[0] if remaining else step
    job.save(update_fields=["completed_steps", "log", "congress", "step", "updated_at"])


def _describe(exc: Exception) -> str:
    if isinstance(exc, spec.SpecInvalid):
        return "\n".join(str(p) for p in exc.problems)
    messages = getattr(exc, "messages", None)
    if messages:
        return "; ".join(messages)
    return f"{type(exc).__name__}: {exc}\n" + "".join(traceback.format_exception(exc)[-3:])


def rollback(job_id: int) -> ProvisioningJob:
    """Undo an unfinished job: drop its schema and registry rows.

    A finished congress is not rolled back: it is suspended and archived instead."""
    connection.set_schema_to_public()
    with job_lock(job_id):
        job = ProvisioningJob.objects.get(pk=job_id)
        if job.state == JobState.SUCCEEDED:
            raise JobFinished(_("已完成的开通不能回滚；请先暂停再归档。"))
        if job.state == JobState.ROLLED_BACK:
            return job
        with transaction.atomic():
            congress = job.congress
            if congress is not None:
                if congress.status != CongressStatus.PROVISIONING:
                    raise JobFinished(_("该人大已启用，不能回滚。"))
                if congress.hosting_mode != HostingMode.CONNECTED:
                    schemas.drop_schema(congress.schema_name)
                _delete_registry_rows(congress)
                job.congress = None
            job.state = JobState.ROLLED_BACK
            job.finished_at = timezone.now()
            _log(job, job.step or Step.VALIDATE, _("已回滚：模式与登记信息已删除"))
            job.save()
            record("provisioning.job_rolled_back", job, {"region_code": job.region_code})
        return job


def _delete_registry_rows(congress: Congress) -> None:
    Membership.objects.filter(congress=congress).delete()
    units = OrganisationUnit.objects.filter(congress=congress)
    group_ids = list(units.values_list("group_id", flat=True))
    units.delete()
    if group_ids:
        # The units' object grants lived in the dropped schema; the ORM's cascade would look
        # for guardian's tables in public, so the groups go by SQL after their links.
        Group.user_set.through.objects.filter(group_id__in=group_ids).delete()
        Group.permissions.through.objects.filter(group_id__in=group_ids).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Group._meta.db_table} WHERE id = ANY(%s)", [group_ids])
    ModuleSwitch.objects.filter(congress=congress).delete()
    Domain.objects.filter(tenant=congress).delete()
    congress.delete()


def provision(raw: dict, *, user=None) -> ProvisioningJob:
    """Submit and run at once (commands, tests, create_congress)."""
    job = submit(raw, user=user)
    return run(job.pk)


def dispatch(job: ProvisioningJob) -> None:
    """Run the job where the deployment says: a Celery worker, or here and now."""
    from django.conf import settings

    if getattr(settings, "PROVISIONING_DISPATCH", "celery") == "celery":
        from .tasks import run_job

        transaction.on_commit(lambda: run_job.delay(job.pk))
    else:
        run(job.pk)
