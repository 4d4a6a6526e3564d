from shared_apps.bus.catalog import EventType, register

NOTICE_PUBLISHED = register(
    EventType(
        name="distribution.notice_published",
        version=1,
        owner="distribution",
        description="A congress sent a notice or a draft for comments to every congress of its subtree.",
        schema={
            "type": "object",
            "properties": {
                "notice_id": {"type": "integer"},
                "kind": {"enum": ["notice", "draft"]},
                "title": {"type": "string", "minLength": 1, "maxLength": 200},
                "body": {"type": "string", "minLength": 1, "maxLength": 20000},
                "published_at": {"type": "string", "format": "date-time"},
                "comments_until": {"type": ["string", "null"], "format": "date"},
            },
            "required": ["notice_id", "kind", "title", "body", "published_at", "comments_until"],
            "additionalProperties": False,
        },
    )
)

COMMENT_RECEIVED = register(
    EventType(
        name="distribution.comment_received",
        version=1,
        owner="distribution",
        description=(
            "A congress below received a comment on a distributed notice. Public comments travel "
            "as a count only (`text` null); a staff opinion carries its text."
        ),
        schema={
            "type": "object",
            "properties": {
                "origin_congress_id": {"type": "integer"},
                "origin_notice_id": {"type": "integer"},
                "comment_id": {"type": "integer"},
                "source": {"enum": ["staff", "public"]},
                "text": {"type": ["string", "null"], "maxLength": 2000},
                "commented_at": {"type": "string", "format": "date-time"},
            },
            "required": ["origin_congress_id", "origin_notice_id", "comment_id", "source", "text", "commented_at"],
            "additionalProperties": False,
        },
    )
)
