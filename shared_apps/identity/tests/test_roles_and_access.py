"""One identity across congresses: roles differ per congress; no membership means 403."""

from django.contrib.auth.models import AnonymousUser
from django_tenants.utils import schema_context

from shared_apps.identity import selectors
from shared_apps.identity.models import Membership
from shared_apps.identity.roles import Role
from shared_apps.identity.services import add_membership, end_membership


def test_one_user_in_two_congresses_sees_what_each_role_allows(world, client_for):
    person = world.user("deputy", "T1")
    add_membership(user=person, congress=world.congresses["K1"], role=Role.STAFF)

    in_t1 = client_for("T1", person)
    assert in_t1.get("/console/").status_code == 200
    assert in_t1.get("/portal/manage/").status_code == 403  # a deputy does not edit the portal
    assert in_t1.get("/api/v1/portal/posts/").status_code == 403
    me = in_t1.get("/api/v1/identity/me/").json()
    assert "portal.manage_posts" not in me["capabilities"]
    assert {m["congress_id"] for m in me["memberships"]} == {world.congresses["T1"].pk, world.congresses["K1"].pk}

    in_k1 = client_for("K1", person)
    assert in_k1.get("/portal/manage/").status_code == 200  # staff of the county does
    assert in_k1.get("/api/v1/portal/posts/").status_code == 200
    assert "portal.manage_posts" in in_k1.get("/api/v1/identity/me/").json()["capabilities"]
    assert in_k1.get("/console/modules/").status_code == 403  # but is not its administrator


def test_logged_in_elsewhere_without_membership_is_403(world, client_for):
    stranger = world.user("administrator", "T2")
    client = client_for("T1", stranger)
    assert client.get("/console/").status_code == 403
    assert client.get("/api/v1/portal/posts/").status_code == 403
    body = client.get("/api/v1/identity/me/").json()
    assert body["error"]["code"] == "permission_denied"


def test_anonymous_is_sent_to_login_or_401(world, client_for):
    client = client_for("T1")
    response = client.get("/console/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    api = client.get("/api/v1/portal/posts/")
    assert api.status_code in (401, 403)
    assert "error" in api.json()


def test_ended_membership_removes_access_and_unit_group(world, client_for, db):
    handler = world.user("handler_court", "T1")
    membership = Membership.objects.active().get(user=handler, congress=world.congresses["T1"])
    unit = membership.organisation_unit
    end_membership(membership)
    assert not handler.groups.filter(pk=unit.group_id).exists()
    assert client_for("T1", handler).get("/console/").status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()  # history kept


def test_capabilities_are_empty_outside_a_congress(world, db):
    assert selectors.current_capabilities(world.user("administrator", "T1")) == frozenset()
    assert not AnonymousUser().has_perm("portal.manage_posts")


def test_login_with_username_phone_or_email(world, client_for, db):
    from shared_apps.identity.services import create_user
    from tests.support.world import PASSWORD

    create_user(username="multi_login", password=PASSWORD, email="m@example.cn", phone="13900001111")
    for name in ("multi_login", "13900001111", "M@example.cn"):
        client = client_for("T1")
        response = client.post("/accounts/login/", {"username": name, "password": PASSWORD})
        assert response.status_code == 302, name
    bad = client_for("T1").post("/accounts/login/", {"username": "multi_login", "password": "wrong"})
    assert bad.status_code == 200
    assert "用户名或密码不正确" in bad.content.decode()


def test_handler_sees_exactly_objects_granted_to_their_unit(world, db):
    """Object-level grants go through django-guardian, to the unit's group, in the tenant schema."""
    from shared_apps.identity.services import grant_to_unit
    from tenant_apps.portal.models import Post

    units = world.units["T1"]
    court_handler = world.user("handler_court", "T1")
    gov_handler = world.user("handler_government", "T1")
    with schema_context(world.congresses["T1"].schema_name):
        first = Post.objects.create(title="甲", body="x")
        second = Post.objects.create(title="乙", body="x")
        grant_to_unit(units["court"], "portal.view_post", first)
        grant_to_unit(units["government"], "portal.view_post", second)
        court_sees = set(selectors.granted_objects(court_handler, "portal.view_post", Post.objects.all()))
        gov_sees = set(selectors.granted_objects(gov_handler, "portal.view_post", Post.objects.all()))
        assert court_sees == {first}
        assert gov_sees == {second}
        assert court_handler.has_perm("portal.view_post", first)
        assert not court_handler.has_perm("portal.view_post", second)
    # The same primary key in a sibling schema carries no grant: grants live per schema.
    with schema_context(world.congresses["T2"].schema_name):
        assert not selectors.granted_objects(court_handler, "portal.view_post", Post.objects.all()).exists()


def test_login_by_phone_goes_through_the_blind_index_and_the_phone_is_encrypted(world, db):
    from django.contrib.auth import authenticate
    from django.db import connection
    from django.test import RequestFactory

    from shared_apps.identity.services import create_user
    from tests.support.world import PASSWORD

    user = create_user(username="phone_login", password=PASSWORD, phone="+86 139-0000-2222")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_index FROM identity_user WHERE id = %s", [user.pk])
        stored, index = cursor.fetchone()
    assert "00002222" not in stored and "00002222" not in index
    request = RequestFactory().post("/accounts/login/")  # django-axes needs the request
    assert authenticate(request, username="13900002222", password=PASSWORD) == user
    assert authenticate(request, username="+8613900002222", password=PASSWORD) == user
    assert authenticate(request, username="13900002222", password="wrong") is None
