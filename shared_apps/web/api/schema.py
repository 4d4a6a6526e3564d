"""OpenAPI links between operations, added to the generated schema (drf-spectacular has no
declaration for them): what a create returns names the object the detail operations act on.

Clients and Schemathesis's stateful tests follow them: ``POST /posts/`` → ``GET /posts/{id}/``,
``PUT /posts/{id}/``, ``POST /posts/{id}/publish/``.
"""

from __future__ import annotations

from typing import Any

METHODS = ("get", "put", "patch", "post", "delete")


def _returns_id(response: dict[str, Any], components: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        schema = components.get(ref.rsplit("/", 1)[-1], {})
    return "id" in schema.get("properties", {})


def add_links(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """A postprocessing hook: link every 201 that returns an ``id`` to the operations under
    ``<collection>{id}/``."""
    paths = result.get("paths", {})
    components = result.get("components", {}).get("schemas", {})
    for path, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if not path.endswith("/") or not created or not _returns_id(created, components):
            continue
        detail = f"{path}{{id}}/"
        links = {
            operation["operationId"]: {
                "operationId": operation["operationId"],
                "parameters": {"id": "$response.body#/id"},
            }
            for other, item in paths.items()
            if other.startswith(detail)
            for method, operation in item.items()
            if method in METHODS and "operationId" in operation
        }
        if links:
            created["links"] = links
    return result
