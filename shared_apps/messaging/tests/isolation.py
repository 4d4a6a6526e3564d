"""The outbox page in the isolation suite: a congress's messages reach only its own administrators
(congress site) and platform operators (platform site)."""

import zlib

from tests.isolation.registry import Case


def seed_phone(key: str) -> str:
    return f"1390{zlib.crc32(key.encode()) % 10_000_000:07d}"


def SEED(world, key):
    from shared_apps.messaging.models import Channel, OutboundMessage
    from shared_apps.privacy import blind_index

    secret = f"outbox-secret-{key}"
    phone = seed_phone(key)
    message = OutboundMessage.objects.create(
        channel=Channel.SMS, recipient=phone, recipient_index=blind_index(phone), purpose="isolation",
        template="isolation", text=f"您的验证码是{secret}", backend="sink", congress_id=world.congresses[key].pk,
    )
    return {"message": message.pk, "secrets": [secret, phone]}


CASES = [
    Case("messaging:outbox"),
    Case("messaging:outbox", site="platform"),
]
