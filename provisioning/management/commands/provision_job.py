from django.core.management.base import BaseCommand, CommandError

from provisioning import pipeline
from provisioning.models import ProvisioningJob

from .provision import print_job


class Command(BaseCommand):
    help = "Resume a provisioning job from its failed step, or roll it back."

    def add_arguments(self, parser):
        parser.add_argument("job_id", type=int)
        parser.add_argument("--rollback", action="store_true", help="drop what the job made")

    def handle(self, *args, job_id: int, rollback: bool, **options):
        if not ProvisioningJob.objects.filter(pk=job_id).exists():
            raise CommandError(f"任务 {job_id} 不存在")
        try:
            job = pipeline.rollback(job_id) if rollback else pipeline.run(job_id)
        except (pipeline.JobBusy, pipeline.JobFinished) as exc:
            raise CommandError(str(exc)) from exc
        print_job(self, job)
        if job.state == "failed":
            raise CommandError(job.error)
