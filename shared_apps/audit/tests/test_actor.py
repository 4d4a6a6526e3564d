"""Who the audit trail names as the actor, for pages and for the API."""

from __future__ import annotations

from django_tenants.utils import schema_context
from rest_framework.authtoken.models import Token

from shared_apps.audit.models import AuditEntry


def test_token_authenticated_api_write_names_its_actor(world, client_for):
    user = world.user("administrator", "T1")
    token, _ = Token.objects.get_or_create(user=user)
    client = client_for("T1")
    response = client.post(
        "/api/v1/portal/posts/", {"title": "令牌发布", "body": "<p>正文</p>", "kind": "news"},
        HTTP_AUTHORIZATION=f"Token {token.key}", REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 201, response.content
    with schema_context(world.congresses["T1"].schema_name):
        entry = AuditEntry.objects.get(action="portal.post_created", object_id=str(response.json()["id"]))
    assert entry.actor_id == user.pk
    assert entry.source == "api"
    assert entry.ip == "10.1.2.3"


def test_session_api_write_names_its_actor(world, client_for):
    user = world.user("administrator", "T1")
    client = client_for("T1", user)
    response = client.post("/api/v1/portal/posts/", {"title": "会话发布", "body": "<p>正文</p>", "kind": "news"})
    assert response.status_code == 201, response.content
    with schema_context(world.congresses["T1"].schema_name):
        entry = AuditEntry.objects.get(action="portal.post_created", object_id=str(response.json()["id"]))
    assert entry.actor_id == user.pk
