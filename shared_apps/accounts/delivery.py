"""What the person receives: an e-mail with a link, or an SMS with a code.

Everything goes through the one sender interface (shared_apps.messaging), which records
each message and delivers it asynchronously; in development its sink keeps them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from shared_apps.messaging import services as messaging
from shared_apps.privacy.masking import normalise_phone
from tenants.models import Congress

from . import conf, links

INVITATION_SMS = "accounts.invitation"
RESET_SMS = "accounts.reset_code"
PURPOSE_INVITATION = "accounts.invitation"
PURPOSE_RESET = "accounts.reset"


def _send_email(to: str, *args, **kwargs) -> None:
    try:
        validate_email(to)
    except ValidationError:
        raise ValidationError({"email": _("邮箱地址格式不正确，无法发送邮件。")}) from None
    messaging.send_email(to, *args, **kwargs)


def _send_sms(to: str, *args, **kwargs) -> None:
    phone = normalise_phone(to)
    if len(phone) != 11 or not phone.startswith("1"):
        raise ValidationError({"phone": _("手机号格式不正确（应为 11 位大陆手机号），无法发送短信。")})
    messaging.send_sms(phone, *args, **kwargs)


def _who(user) -> str:
    return user.display_name or user.username


def _where(congress: Congress | None) -> str:
    return congress.name if congress is not None else _("数字人大云")


def invitation_link(user, congress: Congress | None, token: str) -> None:
    url = links.absolute(congress, "accounts:invitation", token=token)
    days = conf.invitation_ttl().days
    subject = _("【%(where)s】请设置您的登录密码") % {"where": _where(congress)}
    body = _(
        "%(name)s，您好：\n\n"
        "%(where)s 已为您开通账号，用户名：%(username)s。\n"
        "请在 %(days)s 天内打开以下链接设置登录密码（链接只能使用一次）：\n\n%(url)s\n\n"
        "如果您并未预期收到此邮件，请忽略。"
    ) % {"name": _who(user), "where": _where(congress), "username": user.username, "days": days, "url": url}
    _send_email(
        user.email, subject, body, purpose=PURPOSE_INVITATION, congress=congress, user=user
    )


def invitation_code(user, congress: Congress | None, code: str) -> None:
    params = {
        "where": _where(congress),
        "code": code,
        "url": links.absolute(congress, "accounts:activate"),
        "days": str(conf.invitation_ttl().days),
    }
    _send_sms(
        user.phone, INVITATION_SMS, params, purpose=PURPOSE_INVITATION, congress=congress, user=user
    )


def reset_link(user, congress: Congress | None, token: str) -> None:
    url = links.absolute(congress, "accounts:reset-link", token=token)
    minutes = int(conf.reset_link_ttl().total_seconds() // 60)
    subject = _("【数字人大云】找回密码")
    body = _(
        "%(name)s，您好：\n\n"
        "我们收到了为账号 %(username)s 找回密码的请求。请在 %(minutes)s 分钟内打开以下链接设置新密码"
        "（链接只能使用一次）：\n\n%(url)s\n\n"
        "如果不是您本人操作，请忽略此邮件，您的密码不会改变。"
    ) % {"name": _who(user), "username": user.username, "minutes": minutes, "url": url}
    _send_email(user.email, subject, body, purpose=PURPOSE_RESET, congress=congress, user=user)


def reset_code(user, congress: Congress | None, code: str) -> None:
    params = {"code": code, "minutes": str(int(conf.reset_code_ttl().total_seconds() // 60))}
    _send_sms(user.phone, RESET_SMS, params, purpose=PURPOSE_RESET, congress=congress, user=user)
