"""Event types used only by the bus's own tests."""

from shared_apps.bus.catalog import EventType, register

PING = register(
    EventType(
        name="bustest.ping",
        version=1,
        owner="tests",
        schema={
            "type": "object",
            "properties": {"n": {"type": "integer"}},
            "required": ["n"],
            "additionalProperties": False,
        },
    )
)


def _v1_to_v2(payload: dict) -> dict:
    return {"n": payload["n"], "weight": 1}


PING_V2 = register(
    EventType(
        name="bustest.ping",
        version=2,
        owner="tests",
        upcast=_v1_to_v2,
        schema={
            "type": "object",
            "properties": {"n": {"type": "integer"}, "weight": {"type": "integer"}},
            "required": ["n", "weight"],
            "additionalProperties": False,
        },
    )
)
