from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from provisioning import lifecycle
from tenants.models import Congress


class Command(BaseCommand):
    help = "A congress's lifecycle: suspend, resume, archive, restore, drop."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["suspend", "resume", "archive", "restore", "drop"])
        parser.add_argument("region_code")
        parser.add_argument(
            "--schema", help="restore into this (new) schema instead of the archived one"
        )
        parser.add_argument(
            "--archive", type=int, help="which archive to restore (default: the latest)"
        )
        parser.add_argument("--confirm", default="", help="drop: repeat the region code to confirm")

    def handle(
        self, *args, action: str, region_code: str, schema, archive, confirm: str, **options
    ):
        congress = Congress.objects.filter(region_code=region_code).first()
        if congress is None:
            raise CommandError(f"没有区划代码为 {region_code} 的人大")
        try:
            if action == "suspend":
                lifecycle.suspend(congress)
            elif action == "resume":
                lifecycle.resume(congress)
            elif action == "archive":
                item = lifecycle.archive(congress)
                self.stdout.write(f"  转储：{item.dump_path}\n  导出：{item.export_path}")
            elif action == "restore":
                items = congress.archives.all()
                item = items.filter(pk=archive).first() if archive else items.first()
                if item is None:
                    raise CommandError("没有可恢复的归档")
                lifecycle.restore(item, schema_name=schema)
            else:
                lifecycle.drop(congress, confirm=confirm)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        congress.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(
                f"{congress.name}：{congress.get_status_display()}（{congress.schema_name}）"
            )
        )
