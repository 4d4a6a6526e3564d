from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from provisioning import pipeline
from provisioning import spec as spec_module


def print_job(command: BaseCommand, job) -> None:
    for entry in job.log:
        style = command.style.ERROR if entry["level"] == "error" else (lambda s: s)
        command.stdout.write(style(f"  [{entry['step']}] {entry['message']}"))
    command.stdout.write(f"任务 {job.pk}: {job.get_state_display()}（{job.progress}%）")


class Command(BaseCommand):
    help = "Onboard one congress from a tenant spec (YAML or JSON); see docs/provisioning.md."

    def add_arguments(self, parser):
        parser.add_argument("spec", help="path to the spec file")
        parser.add_argument("--dry-run", action="store_true", help="validate only; create nothing")

    def handle(self, *args, spec: str, dry_run: bool, **options):
        path = Path(spec)
        try:
            data = spec_module.parse(path.read_bytes(), path.name)
            if dry_run:
                spec_module.check(data)
                self.stdout.write(self.style.SUCCESS("规格校验通过。"))
                return
            job = pipeline.submit(data)
        except spec_module.SpecInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"开通规格有 {len(exc.problems)} 处问题，未创建任何内容。") from exc
        job = pipeline.run(job.pk)
        print_job(self, job)
        if job.state != "succeeded":
            raise CommandError(f"任务 {job.pk} 未完成；修正后用 `provision_job {job.pk}` 续跑。")
