from shared_apps.bus.catalog import EventType, register

DECIDED = register(
    EventType(
        name="escalation.decided",
        version=1,
        owner="escalations",
        description=(
            "The parent congress recorded a decision on a case a child congress escalated; the "
            "child writes it onto the message's timeline. `text` is the parent's official, "
            "staff-written answer (no personal data)."
        ),
        schema={
            "type": "object",
            "properties": {
                "case_id": {"type": "integer"},
                "source_congress_id": {"type": "integer"},
                "source_voice_id": {"type": "integer"},
                "status": {"enum": ["in_progress", "answered", "closed"]},
                "text": {"type": "string", "minLength": 1, "maxLength": 2000},
                "decided_at": {"type": "string", "format": "date-time"},
            },
            "required": ["case_id", "source_congress_id", "source_voice_id", "status", "text", "decided_at"],
            "additionalProperties": False,
        },
    )
)
