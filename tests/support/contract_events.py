"""The deputies/stations/voices events of the shared contract (HELPERS.md), for tests only.

Registered only where the real modules have not declared them, so these tests run on a branch
without those modules and defer to the modules' own schemas where they exist.
"""

from __future__ import annotations

from shared_apps.bus import catalog

ID = {"type": "integer"}
NID = {"type": ["integer", "null"]}
TS = {"type": "string", "format": "date-time"}
DAY = {"type": "string", "format": "date"}
STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}

CONTRACT = {
    "deputy.registered": {
        "deputy_id": ID, "level": STR, "gender": {"enum": ["male", "female", None]},
        "birth_year": NID, "party": NSTR, "term_id": NID, "group_id": NID, "registered_on": DAY,
    },
    "deputy.left_office": {"deputy_id": ID, "left_on": DAY, "reason": NSTR},
    "duty.recorded": {
        "record_id": ID, "duty_type": STR, "deputy_ids": {"type": "array", "items": ID},
        "occurred_on": DAY, "points": {"type": "number"}, "entered_by": {"enum": ["deputy", "office"]},
    },
    "duty.verified": {
        "record_id": ID, "duty_type": STR, "deputy_ids": {"type": "array", "items": ID},
        "occurred_on": DAY, "points": {"type": "number"}, "verified_at": TS,
        "outcome": {"enum": ["verified", "rejected"]},
    },
    "station.opened": {"station_id": ID, "opened_on": DAY, "deputy_count": ID},
    "voice.submitted": {
        "voice_id": ID, "category": STR, "subcategory": NSTR, "station_id": NID, "deputy_id": NID,
        "submitted_at": TS, "channel": {"enum": ["qr", "web", "open311"]},
    },
    "voice.assigned": {
        "voice_id": ID, "category": STR, "lead_unit_id": ID, "co_unit_ids": {"type": "array", "items": ID},
        "unit_kind": STR, "assigned_at": TS, "due_at": TS,
    },
    "voice.replied": {
        "voice_id": ID, "category": STR, "unit_id": NID, "grade": {"enum": ["A", "B", "C", "D", None]},
        "replied_at": TS, "submitted_at": TS, "due_at": {"type": ["string", "null"]},
        "on_time": {"type": "boolean"}, "reply_seconds": ID, "by": {"enum": ["deputy", "unit"]},
    },
    "voice.rated": {
        "voice_id": ID, "category": STR,
        "rating": {"enum": ["satisfied", "basically_satisfied", "dissatisfied"]}, "rated_at": TS,
    },
    "voice.reopened": {"voice_id": ID, "category": STR, "reopened_at": TS, "due_at": TS},
    "voice.overdue": {"voice_id": ID, "category": STR, "due_at": TS, "unit_id": NID},
    "voice.closed": {
        "voice_id": ID, "category": STR, "closed_at": TS,
        "outcome": {"enum": ["answered", "unrated", "merged", "misrouted", "closed_by_staff"]},
        "overdue": {"type": "boolean"},
    },
    "voice.escalation_requested": {"voice_id": ID, "category": STR, "summary": STR, "requested_at": TS},
}


def register_contract_events() -> None:
    known = catalog.names()
    for name, properties in CONTRACT.items():
        if name in known:
            continue
        catalog.register(
            catalog.EventType(
                name=name, version=1, owner="tests (contract)",
                schema={"type": "object", "properties": properties, "required": sorted(properties),
                        "additionalProperties": False},
            )
        )


register_contract_events()
