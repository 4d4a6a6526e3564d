"""Events of the voices module (version 1). Ids, categories, times, grades and ratings only:
no name, phone or text written by the citizen ever goes on the bus."""

from shared_apps.bus.catalog import EventType, register

_ID = {"type": "integer"}
_TIME = {"type": "string", "format": "date-time"}
_TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}
_CATEGORY = {"type": "string", "pattern": "^[a-z0-9_-]{1,40}$"}


def _event(name: str, description: str, properties: dict, optional: tuple[str, ...] = ()) -> EventType:
    return register(
        EventType(
            name=name,
            version=1,
            owner="voices",
            description=description,
            schema={
                "type": "object",
                "properties": properties,
                "required": [k for k in properties if k not in optional],
                "additionalProperties": False,
            },
        )
    )


SUBMITTED = _event(
    "voice.submitted",
    "A citizen submitted a message (QR code, web or Open311).",
    {
        "voice_id": _ID,
        "category": _CATEGORY,
        "subcategory": {"type": ["string", "null"]},
        "station_id": {"type": ["integer", "null"]},
        "deputy_id": {"type": ["integer", "null"]},
        "submitted_at": _TIME,
        "channel": {"enum": ["qr", "web", "open311"]},
    },
)

ASSIGNED = _event(
    "voice.assigned",
    "A message was assigned to a lead unit and co-units.",
    {
        "voice_id": _ID,
        "category": _CATEGORY,
        "lead_unit_id": _ID,
        "co_unit_ids": {"type": "array", "items": _ID},
        "unit_kind": {"enum": ["congress", "government", "supervision", "court", "procuratorate"]},
        "assigned_at": _TIME,
        "due_at": _TIME_OR_NULL,
    },
)

REPLIED = _event(
    "voice.replied",
    "A deputy or the lead unit answered a message.",
    {
        "voice_id": _ID,
        "category": _CATEGORY,
        "unit_id": {"type": ["integer", "null"]},
        "grade": {"enum": ["A", "B", "C", "D", None]},
        "replied_at": _TIME,
        "submitted_at": _TIME,
        "due_at": _TIME_OR_NULL,
        "on_time": {"type": "boolean"},
        "reply_seconds": {"type": "integer", "minimum": 0},
        "by": {"enum": ["deputy", "unit"]},
    },
)

RATED = _event(
    "voice.rated",
    "The citizen rated the answer.",
    {
        "voice_id": _ID,
        "category": _CATEGORY,
        "rating": {"enum": ["satisfied", "basically_satisfied", "dissatisfied"]},
        "rated_at": _TIME,
    },
)

REOPENED = _event(
    "voice.reopened",
    "A dissatisfied rating reopened the message for re-handling.",
    {
        "voice_id": _ID,
        "category": _CATEGORY,
        "reopened_at": _TIME,
        "due_at": _TIME,
    },
)

OVERDUE = _event(
    "voice.overdue",
    "A message passed its deadline unanswered.",
    {
        "voice_id": _ID,
        "category": _CATEGORY,
        "due_at": _TIME,
        "unit_id": {"type": ["integer", "null"]},
    },
)

CLOSED = _event(
    "voice.closed",
    "A message was closed.",
    {
        "voice_id": _ID,
        "category": _CATEGORY,
        "closed_at": _TIME,
        "outcome": {"enum": ["answered", "unrated", "merged", "misrouted", "closed_by_staff"]},
        "overdue": {"type": "boolean"},
    },
)

ESCALATION_REQUESTED = _event(
    "voice.escalation_requested",
    "A deputy flagged a common problem for the parent congress (summary written by staff, no personal data).",
    {
        "voice_id": _ID,
        "category": _CATEGORY,
        "summary": {"type": "string", "maxLength": 1000},
        "requested_at": _TIME,
    },
)
