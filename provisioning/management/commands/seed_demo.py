from django.core.management.base import BaseCommand

from provisioning import demo


class Command(BaseCommand):
    help = "Seed the fictional demo province (示范省) and print its logins."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port: int, **options):
        rows = demo.seed(port=port, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"\n演示省已就绪（所有账号密码：{demo.DEMO_PASSWORD}）"))
        self.stdout.write(
            f"  平台运营和管理员登录需二次验证：验证器密钥 {demo.demo_totp_secret()}，"
            "或运行 `.venv/bin/python manage.py demo_totp` 查看当前验证码"
        )
        self.stdout.write(f"  平台首页: http://localhost:{port}/")
        self.stdout.write(f"  省人大:   http://province.localhost:{port}/")
        for congress, username, role in rows:
            self.stdout.write(f"  {username:<20} {role:<24} {congress}")
