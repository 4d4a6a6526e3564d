"""One login across congress hostnames: the switcher hands the session over, once."""

from shared_apps.identity import sso
from shared_apps.identity.roles import Role
from shared_apps.identity.services import add_membership


def test_switcher_lists_every_congress_and_hands_over_the_login(world, client_for):
    person = world.user("deputy", "T1")
    add_membership(user=person, congress=world.congresses["K1"], role=Role.DEPUTY)
    home = client_for("T1", person)
    listed = home.get("/accounts/congresses/").content.decode()
    assert world.congresses["T1"].name in listed and world.congresses["K1"].name in listed
    assert world.congresses["T2"].name not in listed

    jump = home.get(f"/accounts/switch/{world.congresses['K1'].pk}/")
    assert jump.status_code == 302
    target = jump["Location"]
    assert target.startswith(f"http://{world.host('K1')}/accounts/sso/?token=")

    fresh = client_for("K1")  # a new browser on the county's hostname: not logged in yet
    landing = fresh.get(target.split(world.host("K1"), 1)[1])
    assert landing.status_code == 302 and landing["Location"] == "/console/"
    assert fresh.get("/console/").status_code == 200
    # The token is single-use.
    again = client_for("K1").get(target.split(world.host("K1"), 1)[1])
    assert again["Location"].startswith("/accounts/login/")


def test_switch_to_a_congress_without_membership_is_refused(world, client_for):
    client = client_for("T1", world.user("deputy", "T1"))
    response = client.get(f"/accounts/switch/{world.congresses['K2'].pk}/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/congresses/")


def test_token_is_bound_to_its_congress(world, db):
    token = sso.issue(world.user("deputy", "T1").pk, world.congresses["T1"].pk)
    assert sso.redeem(token, world.congresses["T2"].pk) is None
    assert sso.redeem("garbage", world.congresses["T1"].pk) is None
