"""The explicit state machine of a message. Every change goes through :func:`check`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已答复")
    REOPENED = "reopened", _("重新办理")
    MISROUTED = "misrouted", _("已退回")
    CONVERTED = "converted", _("已转代表建议")
    ESCALATED = "escalated", _("已提请上级")
    CLOSED = "closed", _("已办结")

    @classmethod
    def handling(cls) -> tuple[str, ...]:
        """States in which someone owes the citizen an answer (the deadline runs)."""
        return (cls.SUBMITTED, cls.ACCEPTED, cls.ASSIGNED, cls.REOPENED)

    @classmethod
    def open(cls) -> tuple[str, ...]:
        return tuple(s for s in cls.values if s != cls.CLOSED)


S = Status
_OPEN = tuple(s for s in S.values if s != S.CLOSED)

# action -> (states it may start from, state it leads to); None keeps the state.
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "accept": ((S.SUBMITTED,), S.ACCEPTED),
    "answer": ((S.ACCEPTED, S.REOPENED), S.REPLIED),
    "assign": ((S.ACCEPTED, S.REOPENED, S.MISROUTED), S.ASSIGNED),
    "reassign": ((S.ASSIGNED, S.REOPENED), S.ASSIGNED),
    "reroute": ((S.SUBMITTED, S.MISROUTED), S.SUBMITTED),
    "return_misrouted": ((S.SUBMITTED, S.ACCEPTED), S.MISROUTED),
    "convert_to_suggestion": ((S.ACCEPTED, S.ASSIGNED, S.REOPENED), S.CONVERTED),
    "escalate": ((S.ACCEPTED, S.ASSIGNED, S.REOPENED), S.ESCALATED),
    "reply": ((S.ASSIGNED, S.REOPENED), S.REPLIED),
    "co_reply": ((S.ASSIGNED, S.REOPENED), None),
    "rate_satisfied": ((S.REPLIED,), S.CLOSED),
    "rate_dissatisfied": ((S.REPLIED,), S.REOPENED),
    "rate_final": ((S.REPLIED,), S.CLOSED),
    "close_unrated": ((S.REPLIED,), S.CLOSED),
    "close": (_OPEN, S.CLOSED),
    "merge": (_OPEN, S.CLOSED),
    "upstream_update": ((S.ESCALATED,), None),
    "upstream_answer": ((S.ESCALATED,), S.REPLIED),
    "upstream_close": ((S.ESCALATED,), S.CLOSED),
    "note": (tuple(S.values), None),
}


class IllegalTransition(ValidationError):
    """The action is not allowed from the message's current state."""

    def __init__(self, action: str, current: str):
        self.action, self.current = action, current
        message = gettext("当前状态“%(state)s”下不能执行“%(action)s”。") % {
            "state": Status(current).label,
            "action": action_label(action),
        }
        super().__init__({"status": [message]}, code="illegal_transition")


ACTION_LABELS = {
    "accept": _("受理"),
    "answer": _("直接答复"),
    "assign": _("交办"),
    "reassign": _("改派"),
    "reroute": _("重新分派代表"),
    "return_misrouted": _("退回"),
    "convert_to_suggestion": _("转为代表建议"),
    "escalate": _("提请上级人大"),
    "reply": _("答复"),
    "co_reply": _("协办意见"),
    "rate_satisfied": _("评价"),
    "rate_dissatisfied": _("评价"),
    "rate_final": _("评价"),
    "close_unrated": _("未评价办结"),
    "close": _("办结"),
    "merge": _("合并"),
    "upstream_update": _("上级人大反馈"),
    "upstream_answer": _("上级人大答复"),
    "upstream_close": _("上级人大办结"),
    "note": _("内部备注"),
    "submit": _("提交"),
    "overdue": _("超期"),
    "remind": _("期限提醒"),
    "reopen": _("重新交办"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def target(action: str, current: str) -> str:
    """The state ``action`` leads to from ``current``; raises IllegalTransition otherwise."""
    try:
        sources, to = TRANSITIONS[action]
    except KeyError:
        raise IllegalTransition(action, current) from None
    if current not in sources:
        raise IllegalTransition(action, current)
    return current if to is None else to


def allowed(action: str, current: str) -> bool:
    sources, _to = TRANSITIONS.get(action, ((), None))
    return current in sources
