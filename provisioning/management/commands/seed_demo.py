import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from provisioning import demo


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]


class Command(BaseCommand):
    help = "Seed the fictional demo province (示范省), print a short table of logins and write the full list."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--logins-file", default=str(Path(settings.BASE_DIR) / ".local" / "demo-logins.txt"),
            help="where the full list of demo logins is written",
        )

    def handle(self, *args, port: int, logins_file: str, **options):
        demo.seed(port=port, log=self.stdout.write)
        everyone = demo.logins(port)
        path = Path(logins_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"# 演示账号（密码均为 {demo.DEMO_PASSWORD}）", ""]
        lines += table([["账号", "角色", "人大", "登录地址"]]
                       + [[r.username, r.role, r.congress, r.host] for r in everyone])
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

        self.stdout.write(self.style.SUCCESS(f"\n演示省已就绪（所有账号密码：{demo.DEMO_PASSWORD}）"))
        by_name = {r.username: r for r in everyone}
        shown = [n for n in demo.TREE if n.slug in demo.SHOWN]
        header = ["", *[demo.place_name(n.name) for n in shown]]
        rows = [header, ["网址", *[f"{n.slug}.localhost" for n in shown]]]
        for prefix, role in demo.ROLE_LOGINS[:6]:
            names = [f"{prefix}_{n.slug}" for n in shown]
            rows.append([role.replace("承办人员（住房和城乡建设局）", "承办人员（政府）"),
                         *[n if n in by_name else "—" for n in names]])
        for line in table(rows):
            self.stdout.write(line)
        self.stdout.write(f"  平台运营 operator（http://localhost:{port}/）  三级人大代表 deputy_wang")
        self.stdout.write(f"  全部 {len(everyone)} 个账号（每个人大、每个角色）：{path}")
        self.stdout.write(
            f"  平台运营和管理员登录需二次验证：验证器密钥 {demo.demo_totp_secret()}，"
            "或运行 `./dev manage demo_totp` 查看当前验证码"
        )
