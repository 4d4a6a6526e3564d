"""Writes of the account lifecycle: invite, set and reset passwords, disable, end sessions.

``invite(user, ...)`` is the one call every path that creates an account makes
(onboarding, bulk onboarding, deputy registration, administrators adding people).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.audit.services import record
from shared_apps.privacy.masking import mask_phone

from . import conf, delivery, tokens
from .models import Channel, Invitation, OneTimeGrant, SessionRecord

User = get_user_model()


def mask_email(email: str) -> str:
    local, _at, domain = (email or "").partition("@")
    if not domain:
        return "***"
    return f"{local[:1]}***@{domain}"


def masked_address(user, channel: str) -> str:
    return mask_email(user.email) if channel == Channel.EMAIL else mask_phone(user.phone)


def default_channel(user) -> str:
    if user.email:
        return Channel.EMAIL
    if user.phone:
        return Channel.SMS
    raise ValidationError(
        {"channel": _("账号 %(username)s 既没有邮箱也没有手机号，无法发送邀请。") % {"username": user.username}}
    )


def _check_channel(user, channel: str) -> None:
    if channel not in Channel.values:
        raise ValidationError({"channel": _("未知的发送方式：%(c)s") % {"c": channel}})
    if channel == Channel.EMAIL and not user.email:
        raise ValidationError({"channel": _("该账号没有邮箱，无法通过邮件发送邀请。")})
    if channel == Channel.SMS and not user.phone:
        raise ValidationError({"channel": _("该账号没有手机号，无法通过短信发送邀请。")})


def _revoke_open(model: type[OneTimeGrant], user) -> int:
    return model.objects.open().filter(user=user).update(revoked_at=timezone.now())


@transaction.atomic
def invite(user, *, congress=None, invited_by=None, channel: str | None = None) -> Invitation:
    """Send ``user`` a single-use, expiring invitation to set their password.

    By e-mail link when the account has an address, else by SMS code to its phone (or as
    ``channel`` says). A newer invitation voids the older ones. The message is queued with
    the sender interface inside this transaction: no invitation, no message.
    """
    channel = channel or default_channel(user)
    _check_channel(user, channel)
    _revoke_open(Invitation, user)
    if channel == Channel.EMAIL:
        secret = tokens.new_token()
        secret_hash = tokens.digest("invitation", secret)
    else:
        secret = tokens.new_code(conf.invitation_code_digits())
        secret_hash = tokens.digest("invitation-code", secret, user_id=user.pk)
    invitation = Invitation.objects.create(
        user=user,
        channel=channel,
        secret_hash=secret_hash,
        sent_to=masked_address(user, channel),
        expires_at=timezone.now() + conf.invitation_ttl(),
        congress=congress,
        invited_by=invited_by if getattr(invited_by, "pk", None) else None,
    )
    if channel == Channel.EMAIL:
        delivery.invitation_link(user, congress, secret)
    else:
        delivery.invitation_code(user, congress, secret)
    record(
        "accounts.invited",
        user,
        {"invitation": invitation.pk, "channel": channel, "sent_to": invitation.sent_to},
        congress=congress,
    )
    return invitation


def invite_new(user, *, congress=None, invited_by=None) -> Invitation | None:
    """Invite a freshly created account when it has somewhere to send to; None if it has not
    (the caller says so, e.g. in a job log, and an administrator re-sends later)."""
    if not (user.email or user.phone):
        return None
    return invite(user, congress=congress, invited_by=invited_by)


def remember_session(user, session: SessionBase) -> None:
    if session.session_key is None:
        session.save()
    SessionRecord.objects.update_or_create(session_key=session.session_key, defaults={"user": user})
