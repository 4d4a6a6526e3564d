"""Print the current second-factor code of the demo accounts (their shared, published key)."""

from django.core.management.base import BaseCommand

from provisioning import demo


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo operator and administrators (demo key only)."

    def handle(self, *args, **options):
        self.stdout.write(demo.demo_totp_code())
