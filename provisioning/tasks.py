from celery import shared_task


@shared_task(name="provisioning.tasks.run_job", acks_late=True)
def run_job(job_id: int) -> str:
    from . import pipeline

    try:
        return pipeline.run(job_id).state
    except pipeline.JobBusy:
        return "busy"


@shared_task(name="provisioning.tasks.run_batch", acks_late=True)
def run_batch(batch_id: int) -> str:
    from . import bulk

    return bulk.run(batch_id).state
