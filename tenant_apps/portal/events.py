from shared_apps.bus.catalog import EventType, register

POST_PUBLISHED = register(
    EventType(
        name="portal.post_published",
        version=1,
        owner="portal",
        description="A news item or notice became public on a congress's portal.",
        schema={
            "type": "object",
            "properties": {
                "post_id": {"type": "integer"},
                "kind": {"enum": ["news", "notice"]},
                "published_at": {"type": "string", "format": "date-time"},
                "republished": {"type": "boolean"},
            },
            "required": ["post_id", "kind", "published_at"],
            "additionalProperties": False,
        },
    )
)
