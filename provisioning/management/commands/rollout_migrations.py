from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from provisioning import rollout


class Command(BaseCommand):
    help = "Bring every congress schema to the current migrations; skips current ones in one query."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="parallel processes")
        parser.add_argument("--plan", action="store_true", help="only show what would be migrated")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, workers: int, plan: bool, no_progress: bool, **options):
        if plan:
            current = rollout.plan()
            self.stdout.write(
                f"共 {current.total} 个模式，已是最新 {current.skipped}，"
                f"待迁移 {len(current.stale)}"
            )
            for name in current.stale:
                self.stdout.write(f"  {name}")
            return
        bar = tqdm(unit="个", desc="迁移", disable=no_progress, file=self.stderr)

        def progress(name: str, error: str | None) -> None:
            bar.update(1)
            if error:
                bar.write(f"  失败 {name}: {error}")

        run = rollout.run(workers=workers, progress=progress)
        bar.close()
        self.stdout.write(
            f"共 {run.total} 个模式：跳过 {run.skipped}，"
            f"迁移 {run.migrated}，失败 {len(run.failures)}"
        )
        if run.failures:
            raise CommandError("部分模式迁移失败；修正后重新运行即可续跑。")
