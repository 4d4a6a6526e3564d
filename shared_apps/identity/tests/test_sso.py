"""One login across congress hostnames: the switcher hands the session over, once, by POST,
only from our own hostnames; logging out anywhere ends every session of the sign-on."""

import re

from shared_apps.identity import sso
from shared_apps.identity.models import SignOnSession
from shared_apps.identity.roles import Role
from shared_apps.identity.services import add_membership
from tests.support.world import PASSWORD


def _hand_off(world, home, congress_key: str) -> dict:
    page = home.get(f"/accounts/switch/{world.congresses[congress_key].pk}/")
    assert page.status_code == 200
    # So that the browser sends this host as the Origin of the POST (the landing checks it).
    assert page["Referrer-Policy"] == "origin"
    html = page.content.decode()
    action = re.search(r'action="([^"]+)" id="sso-handoff"', html).group(1)
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert action == f"http://{world.host(congress_key)}/accounts/sso/"
    # The page submits itself from an external script: no inline script, no token in a URL.
    assert "<script>" not in html and "handoff.js" in html
    return {"token": token}


def _land(world, client, data: dict, origin_key: str | None):
    extra = {"HTTP_ORIGIN": f"http://{world.host(origin_key)}"} if origin_key else {}
    return client.post("/accounts/sso/", data, **extra)


def test_switcher_lists_every_congress_and_hands_over_the_login(world, client_for):
    person = world.user("deputy", "T1")
    add_membership(user=person, congress=world.congresses["K1"], role=Role.DEPUTY)
    home = client_for("T1", person)
    listed = home.get("/accounts/congresses/").content.decode()
    assert world.congresses["T1"].name in listed and world.congresses["K1"].name in listed
    assert world.congresses["T2"].name not in listed

    data = _hand_off(world, home, "K1")
    fresh = client_for("K1")  # a new browser on the county's hostname: not logged in yet
    landing = _land(world, fresh, data, "T1")
    assert landing.status_code == 302 and landing["Location"] == "/console/"
    assert fresh.get("/console/").status_code == 200
    # The token is single-use.
    again = _land(world, client_for("K1"), data, "T1")
    assert again["Location"].startswith("/accounts/login/")


def test_a_bare_get_logs_nobody_in(world, client_for):
    """Login CSRF: another site linking to the landing with a token it obtained itself."""
    home = client_for("T1", world.user("deputy", "T1"))
    add_membership(user=world.user("deputy", "T1"), congress=world.congresses["K1"], role=Role.DEPUTY)
    data = _hand_off(world, home, "K1")
    victim = client_for("K1")
    response = victim.get("/accounts/sso/", data)
    assert response["Location"].startswith("/accounts/login/")
    assert victim.get("/console/").status_code == 302


def test_a_post_from_another_site_logs_nobody_in(world, client_for):
    add_membership(user=world.user("deputy", "T1"), congress=world.congresses["K1"], role=Role.DEPUTY)
    data = _hand_off(world, client_for("T1", world.user("deputy", "T1")), "K1")
    victim = client_for("K1")
    assert victim.post("/accounts/sso/", data, HTTP_ORIGIN="https://evil.example")["Location"].startswith(
        "/accounts/login/"
    )
    assert victim.post("/accounts/sso/", data)["Location"].startswith("/accounts/login/")  # no Origin
    assert victim.get("/console/").status_code == 302


def test_switch_to_a_congress_without_membership_is_refused(world, client_for):
    client = client_for("T1", world.user("deputy", "T1"))
    response = client.get(f"/accounts/switch/{world.congresses['K2'].pk}/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/congresses/")


def test_token_is_bound_to_its_congress(world, db):
    token = sso.issue(world.user("deputy", "T1").pk, world.congresses["T1"].pk)
    assert sso.redeem(token, world.congresses["T2"].pk) is None
    assert sso.redeem("garbage", world.congresses["T1"].pk) is None


def test_logging_out_ends_every_session_of_the_sign_on(world, client_for):
    person = world.user("staff", "T1")
    for key in ("K1", "C1"):
        add_membership(user=person, congress=world.congresses[key], role=Role.STAFF)
    home = client_for("T1")
    assert home.post("/accounts/login/", {"username": "staff_T1", "password": PASSWORD}).status_code == 302
    county, city = client_for("K1"), client_for("C1")
    _land(world, county, _hand_off(world, home, "K1"), "T1")
    _land(world, city, _hand_off(world, county, "C1"), "K1")  # a hand-off from a handed-off session
    assert all(c.get("/console/").status_code == 200 for c in (home, county, city))
    assert SignOnSession.objects.filter(user=person).count() == 3
    # Another, separate login of the same person stays.
    other = client_for("T1")
    other.post("/accounts/login/", {"username": "staff_T1", "password": PASSWORD})

    county.post("/accounts/logout/")
    for client in (home, county, city):
        assert client.get("/console/").status_code == 302
    assert other.get("/console/").status_code == 200


def test_the_second_factor_travels_with_the_hand_off(world, client_for):
    admin = world.user("administrator", "T1")
    add_membership(user=admin, congress=world.congresses["K1"], role=Role.STAFF)
    home = client_for("T1", admin)  # verified (tests/support/second_factor.py)
    county = client_for("K1")
    _land(world, county, _hand_off(world, home, "K1"), "T1")
    assert county.get("/console/").status_code == 200
    # An unverified session hands over an unverified one.
    unverified = client_for("T1")
    unverified.post("/accounts/login/", {"username": admin.username, "password": PASSWORD})
    county2 = client_for("K1")
    page = unverified.get(f"/accounts/switch/{world.congresses['K1'].pk}/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/otp/")
    assert county2.get("/console/").status_code == 302
