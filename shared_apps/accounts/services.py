"""Writes of the account lifecycle: invite, set and reset passwords, disable, end sessions.

``invite(user, ...)`` is the one call every path that creates an account makes
(onboarding, bulk onboarding, deputy registration, administrators adding people).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from shared_apps.audit.context import current_actor
from shared_apps.audit.services import record
from shared_apps.identity.selectors import user_by_phone
from shared_apps.privacy.masking import mask_phone, normalise_phone

from . import conf, delivery, policy, tokens
from .models import Channel, Invitation, OneTimeGrant, PasswordReset, SessionRecord

User = get_user_model()

GRANT_MODELS: dict[str, type[OneTimeGrant]] = {"invitation": Invitation, "reset": PasswordReset}


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


# --- invitations ----------------------------------------------------------------------------


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
        # Whoever is acting (the audit context of the request or task) unless told otherwise.
        invited_by_id=getattr(invited_by, "pk", None) or current_actor().user_id,
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


# --- redeeming a link or a code -------------------------------------------------------------


def grant_for_token(kind: str, token: str) -> OneTimeGrant | None:
    """The invitation or reset a link's token belongs to, in whatever state (None if unknown)."""
    if not token or len(token) > 100:
        return None
    model = GRANT_MODELS[kind]
    return model.objects.filter(
        secret_hash=tokens.digest(kind, token), channel=Channel.EMAIL
    ).select_related("user").first()


class CodeRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _failure_key(kind: str, phone: str) -> str:
    return f"accounts:code-failures:{kind}:{tokens.digest('failures', phone)}"


def redeem_code(kind: str, phone: str, code: str) -> OneTimeGrant:
    """The open SMS invitation or reset of the account with this phone whose code matches.

    Refusals read the same whether or not the account exists; after ``code_attempts()``
    wrong codes the code is void and a new one must be requested.
    """
    phone = normalise_phone(phone)
    code = (code or "").strip()
    refused = CodeRefused(_("验证码不正确或已失效。"))
    too_many = CodeRefused(_("验证码错误次数过多，已失效。请重新获取。"))
    failures_key = _failure_key(kind, phone)
    if (cache.get(failures_key) or 0) >= conf.code_attempts():
        raise too_many
    model = GRANT_MODELS[kind]
    with transaction.atomic():
        user = user_by_phone(phone) if phone else None
        grant = (
            model.objects.open().select_for_update().filter(user=user, channel=Channel.SMS).first()
            if user is not None and user.is_active
            else None
        )
        if grant is not None and tokens.same(
            grant.secret_hash, tokens.digest(f"{kind}-code", code, user_id=user.pk)
        ):
            return grant
        if grant is not None:
            grant.attempts += 1
            fields = ["attempts"]
            if grant.attempts >= conf.code_attempts():
                grant.revoked_at = timezone.now()
                fields.append("revoked_at")
            grant.save(update_fields=fields)
    # Counted per phone too, so an unknown number runs out of attempts like a known one.
    ttl = int(conf.reset_code_ttl().total_seconds())
    cache.add(failures_key, 0, ttl)
    if cache.incr(failures_key) >= conf.code_attempts():
        raise too_many
    raise refused


def refusal_for(grant: OneTimeGrant | None, kind: str) -> str | None:
    """Why a link or code can no longer be used, in words for the person; None if it can."""
    if grant is None:
        return _("链接无效。请核对链接是否完整，或使用最新收到的邮件中的链接。")
    state = grant.state
    if state == "open" and grant.user.is_active:
        return None
    if kind == "invitation":
        return {
            "used": _("该邀请链接已使用过，不能再次使用。如已设置密码，请直接登录；忘记密码可通过“找回密码”重设。"),
            "expired": _("该邀请链接已过期。请联系本人大管理员重新发送邀请。"),
            "revoked": _("该邀请已作废（已有更新的邀请）。请使用最新收到的邀请。"),
        }.get(state, _("该账号已停用，请联系管理员。"))
    return {
        "used": _("该找回密码链接已使用过，不能再次使用。如需重设密码，请重新申请。"),
        "expired": _("该找回密码链接已过期。请重新申请找回密码。"),
        "revoked": _("该找回密码链接已作废（已有更新的申请）。请使用最新收到的链接。"),
    }.get(state, _("该账号已停用，请联系管理员。"))


@transaction.atomic
def set_password_with(kind: str, grant_id: int, password: str):
    """Use an invitation or reset once: set the password, void every other open one, and
    end the account's sessions (a reset means someone else may know the old password)."""
    model = GRANT_MODELS[kind]
    grant = model.objects.select_for_update().select_related("user").get(pk=grant_id)
    reason = refusal_for(grant, kind)
    if reason is not None:
        raise ValidationError(reason)
    user = grant.user
    validate_password(password, user)
    grant.used_at = timezone.now()
    grant.save(update_fields=["used_at"])
    _revoke_open(Invitation, user)
    _revoke_open(PasswordReset, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _end_sessions(user)
    congress = getattr(grant, "congress", None)
    record(
        "accounts.invitation_accepted" if kind == "invitation" else "accounts.password_reset",
        user,
        {kind: grant.pk, "channel": grant.channel},
        congress=congress,
    )
    return user


# --- password reset -------------------------------------------------------------------------


class TooManyRequests(Exception):
    pass


def _throttle(identifier: str) -> None:
    key = f"accounts:reset-requests:{tokens.digest('throttle', identifier)}"
    last_key = key + ":last"
    if not cache.add(last_key, 1, conf.reset_request_interval()):
        raise TooManyRequests
    cache.add(key, 0, 3600)
    if cache.incr(key) > conf.reset_requests_per_hour():
        raise TooManyRequests


_PHONE_LIKE = re.compile(r"^\+?[\d\s-]{7,20}$")


def identifier_kind(identifier: str) -> str:
    """"email", "phone" or "username": decided from the text alone, never from the database."""
    identifier = identifier.strip()
    if "@" in identifier:
        return "email"
    if _PHONE_LIKE.match(identifier):
        return "phone"
    return "username"


def _account_for(identifier: str, kind: str):
    identifier = identifier.strip()
    active = User.objects.filter(is_active=True)
    if kind == "email":
        return active.filter(email__iexact=identifier).first(), Channel.EMAIL
    if kind == "phone":
        user = user_by_phone(identifier)
        return (user if user is not None and user.is_active else None), Channel.SMS
    user = active.filter(username__iexact=identifier).first()
    channel = None if user is None else Channel.EMAIL if user.email else Channel.SMS if user.phone else None
    return user, channel


@transaction.atomic
def request_reset(identifier: str, *, congress=None) -> str:
    """Send a reset link or code if such an active account exists: a link to an e-mail
    address, a code to a phone number, and for a username whichever the account has.

    Returns the identifier's kind (see identifier_kind), whatever the outcome, so the page
    says the same for an account that exists and one that does not. Raises TooManyRequests
    when the identifier asked too often (the same for every identifier).
    """
    _throttle(identifier.strip().lower())
    kind = identifier_kind(identifier)
    user, channel = _account_for(identifier, kind)
    if user is None or channel is None:
        return kind
    _revoke_open(PasswordReset, user)
    if channel == Channel.EMAIL:
        secret = tokens.new_token()
        digest, ttl = tokens.digest("reset", secret), conf.reset_link_ttl()
    else:
        secret = tokens.new_code(conf.reset_code_digits())
        digest, ttl = tokens.digest("reset-code", secret, user_id=user.pk), conf.reset_code_ttl()
    reset = PasswordReset.objects.create(
        user=user,
        channel=channel,
        secret_hash=digest,
        sent_to=masked_address(user, channel),
        expires_at=timezone.now() + ttl,
    )
    if channel == Channel.EMAIL:
        delivery.reset_link(user, congress, secret)
    else:
        delivery.reset_code(user, congress, secret)
    record("accounts.reset_requested", user, {"reset": reset.pk, "channel": channel}, congress=congress)
    return kind


@transaction.atomic
def change_password(user, new_password: str, *, keep_session: SessionBase | None = None) -> None:
    """A logged-in user's own change; their other sessions end, this one stays."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _revoke_open(PasswordReset, user)
    _end_sessions(user, keep=keep_session.session_key if keep_session is not None else None)
    record("accounts.password_changed", user, {})


# --- sessions -------------------------------------------------------------------------------


def remember_session(user, session: SessionBase) -> None:
    if session.session_key is None:
        session.save()
    SessionRecord.objects.update_or_create(session_key=session.session_key, defaults={"user": user})


def _end_sessions(user, keep: str | None = None) -> int:
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    records = SessionRecord.objects.filter(user=user).exclude(session_key=keep or "")
    keys = list(records.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()  # cache and database, whatever the engine keeps
    SessionRecord.objects.filter(session_key__in=keys).delete()
    return len(keys)


# --- administrators' actions ----------------------------------------------------------------


@transaction.atomic
def resend_invitation(actor, target, *, congress=None, channel: str | None = None) -> Invitation:
    policy.check(actor, target, congress, "resend")
    if target.has_usable_password():
        raise ValidationError(_("该账号已设置密码，无需再发邀请；如忘记密码，请其使用“找回密码”。"))
    return invite(target, congress=congress, invited_by=actor, channel=channel)


@transaction.atomic
def disable_account(actor, target, *, congress=None):
    policy.check(actor, target, congress, "disable")
    if target.pk == actor.pk:
        raise ValidationError(_("不能停用自己的账号。"))
    if not target.is_active:
        return target
    target.is_active = False
    target.save(update_fields=["is_active"])
    _revoke_open(Invitation, target)
    _revoke_open(PasswordReset, target)
    ended = _end_sessions(target)
    record("accounts.disabled", target, {"sessions_ended": ended}, congress=congress)
    return target


@transaction.atomic
def enable_account(actor, target, *, congress=None):
    policy.check(actor, target, congress, "enable")
    if target.is_active:
        return target
    target.is_active = True
    target.save(update_fields=["is_active"])
    record("accounts.enabled", target, {}, congress=congress)
    return target


@transaction.atomic
def end_sessions(actor, target, *, congress=None) -> int:
    policy.check(actor, target, congress, "end_sessions")
    ended = _end_sessions(target)
    record("accounts.sessions_ended", target, {"sessions_ended": ended}, congress=congress)
    return ended
