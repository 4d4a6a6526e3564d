from django.core.management.base import BaseCommand

from shared_apps.bus import relay


class Command(BaseCommand):
    help = "Run the bus relay: move events from congresses' outboxes to the public bus log."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="drain what is pending, then exit")
        parser.add_argument("--batch-size", type=int, default=relay.DEFAULT_BATCH)
        parser.add_argument("--idle-wait", type=float, default=5.0, help="seconds between polls when idle")

    def handle(self, *args, once: bool, batch_size: int, idle_wait: float, **options):
        if once:
            result = relay.relay_pending(batch_size)
            self.stdout.write(f"relayed {result.events} events in {result.schemas} batches")
            return
        relay.run_forever(batch_size=batch_size, idle_wait=idle_wait)
