from django.core.management.base import BaseCommand

from provisioning import schemas


class Command(BaseCommand):
    help = "Bring the template schema (the source of cloned schemas) to the current migrations."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run migrate even if recorded current"
        )

    def handle(self, *args, force: bool, **options):
        changed = schemas.refresh_template(force=force)
        state = "已更新" if changed else "已是最新"
        self.stdout.write(
            f"模板模式 {schemas.template_schema()}：{state}"
            f"（{schemas.code_fingerprint().count} 个迁移）"
        )
