"""E-mail through Django's mail (``EMAIL_BACKEND``, SMTP in production: EMAIL_HOST and friends)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid

from ..models import Channel, OutboundMessage
from . import Backend, DeliveryError


class DjangoMailBackend(Backend):
    name = "smtp"
    channels = (Channel.EMAIL,)

    def send(self, message: OutboundMessage) -> str:
        message_id = make_msgid(idstring=f"renda-{message.pk}")
        mail = EmailMessage(
            subject=message.subject,
            body=message.text or "",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            connection=get_connection(timeout=settings.MESSAGING_HTTP_TIMEOUT),
            headers={"Message-ID": message_id},
        )
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"recipient refused: {type(exc).__name__}", retry=False) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}", retry=True) from None
        return message_id
