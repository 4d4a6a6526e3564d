"""The outbox page: each congress's administrators see their own messages, operators see all;
phone numbers are masked everywhere; other roles are refused."""

import pytest
from django.urls import reverse

from .isolation import seed_phone

pytestmark = pytest.mark.django_db


def test_congress_administrator_sees_own_messages_masked(world, client_for):
    url = reverse("messaging:outbox", urlconf="renda.urls_tenant")
    response = client_for("T2", world.user("administrator", "T2")).get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "outbox-secret-T2" in body and "outbox-secret-T1" not in body
    phone = seed_phone("T2")
    assert phone not in body and f"{phone[:3]}****{phone[-4:]}" in body


@pytest.mark.parametrize("role", ["staff", "leader", "deputy_affairs", "deputy"])
def test_other_roles_of_the_congress_are_refused(world, client_for, role):
    url = reverse("messaging:outbox", urlconf="renda.urls_tenant")
    assert client_for("T2", world.user(role, "T2")).get(url).status_code == 403


def test_platform_operator_sees_every_congress_masked(world, client_for):
    url = reverse("messaging:outbox", urlconf="renda.urls_public")
    response = client_for(None, world.users["operator"]).get(url, {"channel": "sms"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "outbox-secret-T1" in body and "outbox-secret-T2" in body
    assert seed_phone("T1") not in body and seed_phone("T2") not in body


def test_congress_administrator_is_not_an_operator(world, client_for):
    url = reverse("messaging:outbox", urlconf="renda.urls_public")
    assert client_for(None, world.user("administrator", "T2")).get(url).status_code == 403
