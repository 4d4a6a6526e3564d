from shared_apps.bus.catalog import EventType, register

KEYWORDS_COUNTED = register(
    EventType(
        name="topics.keywords_counted",
        version=1,
        owner="rollups",
        description=(
            "Keyword counts of one day's citizens' messages in one congress, computed inside the "
            "congress (jieba; person names, numbers and contact details removed). No message text "
            "and no personal data leave the congress, only words and how often they occurred."
        ),
        schema={
            "type": "object",
            "properties": {
                "day": {"type": "string", "format": "date"},
                "category": {"type": ["string", "null"], "maxLength": 60},
                "source": {"enum": ["voices"]},
                "counts": {
                    "type": "array",
                    "maxItems": 50,
                    "items": {
                        "type": "object",
                        "properties": {
                            "word": {"type": "string", "minLength": 2, "maxLength": 30},
                            "count": {"type": "integer", "minimum": 1},
                        },
                        "required": ["word", "count"],
                        "additionalProperties": False,
                    },
                },
            },
            "required": ["day", "category", "source", "counts"],
            "additionalProperties": False,
        },
    )
)
