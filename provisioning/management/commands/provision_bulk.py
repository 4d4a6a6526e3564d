from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from provisioning import bulk, spec


class Command(BaseCommand):
    help = "Onboard a subtree from a CSV or Excel file (region_code, name, level, domains, ...)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--workers", type=int, default=None, help="parallel jobs per level")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self, *args, file: str, workers: int | None, dry_run: bool, no_progress: bool, **options
    ):
        path = Path(file)
        try:
            if dry_run:
                rows = bulk.read_rows(path.read_bytes(), path.name)
                self.stdout.write(self.style.SUCCESS(f"{len(rows)} 行；校验将在提交时进行。"))
                return
            batch = bulk.submit(path.read_bytes(), path.name)
        except spec.SpecInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"文件有 {len(exc.problems)} 处问题，未创建任何内容。") from exc
        bar = tqdm(
            total=batch.jobs.count(), unit="个", desc="开通", disable=no_progress, file=self.stderr
        )

        def progress(job) -> None:
            bar.update(1)
            if job.state == "failed":
                bar.write(
                    f"  失败 {job.region_code} {job.name}: {(job.error or '-').splitlines()[0]}"
                )

        batch = bulk.run(batch.pk, workers=workers, progress=progress)
        bar.close()
        counts = bulk.summary(batch)
        self.stdout.write(
            f"批次 {batch.pk}: 共 {counts['total']}，"
            f"完成 {counts['succeeded']}，失败 {counts['failed']}"
        )
        if counts["failed"]:
            raise CommandError(f"有失败的任务；修正后再次运行同一文件即可续跑（批次 {batch.pk}）。")
