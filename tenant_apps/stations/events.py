from shared_apps.bus.catalog import EventType, register

STATION_OPENED = register(
    EventType(
        name="station.opened",
        version=1,
        owner="stations",
        description="A liaison station opened (was registered) in a congress.",
        schema={
            "type": "object",
            "properties": {
                "station_id": {"type": "integer"},
                "opened_on": {"type": "string", "format": "date"},
                "deputy_count": {"type": "integer", "minimum": 0},
            },
            "required": ["station_id", "opened_on", "deputy_count"],
            "additionalProperties": False,
        },
    )
)
