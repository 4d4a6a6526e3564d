import select

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from shared_apps.bus import delivery
from shared_apps.bus.hub.log import LOG_CHANNEL


class Command(BaseCommand):
    help = "Run the bus consumers (rollups, escalation, distribution...) over the bus log."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="catch up, then exit")
        parser.add_argument("--rebuild", metavar="CONSUMER", help="rebuild one consumer from the start of the log")
        parser.add_argument("--idle-wait", type=float, default=2.0)

    def handle(self, *args, once: bool, rebuild: str | None, idle_wait: float, **options):
        if rebuild:
            if rebuild not in delivery.consumers():
                raise CommandError(f"unknown consumer {rebuild!r}: {sorted(delivery.consumers())}")
            read = delivery.rebuild(rebuild)
            self.stdout.write(f"rebuilt {rebuild} from {read} events")
            return
        if once:
            self.stdout.write(f"read {delivery.run_all()} events")
            return
        connection.ensure_connection()
        raw = connection.connection
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute(f"LISTEN {LOG_CHANNEL}")
        while True:
            if delivery.run_all():
                continue
            select.select([raw.pgconn.socket], [], [], idle_wait)
            for _notify in raw.notifies(timeout=0):
                pass
