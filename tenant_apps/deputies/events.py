"""Events of the deputies module (payloads agreed in HELPERS.md; no names, no contacts)."""

from shared_apps.bus.catalog import EventType, register

_DATE = {"type": "string", "format": "date"}
_INT_OR_NULL = {"type": ["integer", "null"]}

DEPUTY_REGISTERED = register(
    EventType(
        name="deputy.registered",
        version=1,
        owner="deputies",
        description="A deputy was put on a congress's register.",
        schema={
            "type": "object",
            "properties": {
                "deputy_id": {"type": "integer"},
                "level": {"enum": ["national", "province", "city", "county", "township"]},
                "gender": {"enum": ["male", "female", None]},
                "birth_year": _INT_OR_NULL,
                "party": {"type": ["string", "null"], "maxLength": 12},
                "term_id": _INT_OR_NULL,
                "group_id": _INT_OR_NULL,
                "registered_on": _DATE,
            },
            "required": [
                "deputy_id",
                "level",
                "gender",
                "birth_year",
                "party",
                "term_id",
                "group_id",
                "registered_on",
            ],
            "additionalProperties": False,
        },
    )
)

DEPUTY_LEFT_OFFICE = register(
    EventType(
        name="deputy.left_office",
        version=1,
        owner="deputies",
        description="A deputy left office; the register keeps the row.",
        schema={
            "type": "object",
            "properties": {
                "deputy_id": {"type": "integer"},
                "left_on": _DATE,
                "reason": {"type": ["string", "null"], "maxLength": 200},
            },
            "required": ["deputy_id", "left_on", "reason"],
            "additionalProperties": False,
        },
    )
)

_DUTY = {
    "record_id": {"type": "integer"},
    "duty_type": {"type": "string", "maxLength": 32},
    "deputy_ids": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
    "occurred_on": _DATE,
    "points": {"type": "number", "minimum": 0},
}

DUTY_RECORDED = register(
    EventType(
        name="duty.recorded",
        version=1,
        owner="deputies",
        description="A duty activity was entered (by deputy or office); awaits verification.",
        schema={
            "type": "object",
            "properties": {**_DUTY, "entered_by": {"enum": ["deputy", "office"]}},
            "required": [*_DUTY, "entered_by"],
            "additionalProperties": False,
        },
    )
)

DUTY_VERIFIED = register(
    EventType(
        name="duty.verified",
        version=1,
        owner="deputies",
        description="The deputy-affairs office verified or rejected a duty record.",
        schema={
            "type": "object",
            "properties": {
                **_DUTY,
                "verified_at": {"type": "string", "format": "date-time"},
                "outcome": {"enum": ["verified", "rejected"]},
            },
            "required": [*_DUTY, "verified_at", "outcome"],
            "additionalProperties": False,
        },
    )
)
