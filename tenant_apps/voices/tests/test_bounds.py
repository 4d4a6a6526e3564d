"""Out-of-range ids answer 404 (or an empty list), not a server error."""

HUGE = "99999999999999999999999"


def test_huge_ids(world, db, client_for, in_congress):
    from tenant_apps.voices import setup

    with in_congress("T1"):
        key = setup.create_api_key(name="bounds")[1]
    staff = client_for("T1", world.user("staff", "T1"))
    assert staff.get(f"/api/v1/voices/voices/{HUGE}/").status_code == 404
    assert staff.post(f"/api/v1/voices/voices/{HUGE}/accept/").status_code == 404
    assert staff.get(f"/voices/manage/{HUGE}/").status_code == 404
    public = client_for("T1")
    assert public.get(f"/api/v1/voices/open311/v2/requests/{HUGE}.json?api_key={key}").status_code == 404
    listed = public.get(f"/api/v1/voices/open311/v2/requests.json?api_key={key}&service_request_id={HUGE},1")
    assert listed.status_code == 200
    assert staff.get(f"/api/v1/voices/voices/?station={HUGE}").status_code in (200, 400)
