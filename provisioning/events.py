"""Events the provisioning pipeline publishes to the public outbox."""

from shared_apps.bus.catalog import EventType, register

TENANT_PROVISIONED = register(
    EventType(
        name="tenant.provisioned",
        version=1,
        owner="provisioning",
        description="A congress finished onboarding and is active on the platform.",
        schema={
            "type": "object",
            "properties": {
                "congress_id": {"type": "integer"},
                "region_code": {"type": "string", "pattern": r"^\d{6}(\d{3}(\d{3})?)?$"},
                "level": {"enum": ["province", "city", "county", "township", "subdistrict"]},
                "parent_id": {"type": ["integer", "null"]},
                "hosting_mode": {"enum": ["hosted", "hybrid", "connected"]},
                "modules": {"type": "array", "items": {"type": "string"}},
                "job_id": {"type": "integer"},
                "method": {"enum": ["clone", "migrate", "none"]},
                "provisioned_at": {"type": "string", "format": "date-time"},
            },
            "required": [
                "congress_id",
                "region_code",
                "level",
                "parent_id",
                "hosting_mode",
                "modules",
                "job_id",
                "method",
                "provisioned_at",
            ],
            "additionalProperties": False,
        },
    )
)
