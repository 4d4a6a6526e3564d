"""Telling a person that a congress offered them a seat (through the one sender interface)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import SeatRequest

PURPOSE = "identity.seat_offered"


def seat_offered(request: SeatRequest) -> None:
    """An SMS when the account has a phone, else an e-mail; nothing when it has neither
    (the person still sees the seat on their congress list and the switcher)."""
    from shared_apps.accounts.links import absolute
    from shared_apps.messaging import services as messaging

    from .message_templates import SEAT_OFFERED_SMS

    user, congress = request.user, request.congress
    url = absolute(congress, "identity:seats")
    role = str(request.get_role_display())
    if user.phone:
        params = {"where": congress.name, "role": role, "url": url}
        messaging.send_sms(user.phone, SEAT_OFFERED_SMS, params, purpose=PURPOSE, congress=congress, user=user)
    elif user.email:
        subject = _("【%(where)s】任职邀请待您确认") % {"where": congress.name}
        body = _(
            "%(name)s，您好：\n\n%(where)s 邀请您担任%(role)s。因为您已在其他人大任职，"
            "需要您本人确认后才会生效。\n请登录后打开以下页面接受或拒绝：\n\n%(url)s\n"
        ) % {"name": user.display_name or user.username, "where": congress.name, "role": role, "url": url}
        messaging.send_email(user.email, subject, body, purpose=PURPOSE, congress=congress, user=user)
