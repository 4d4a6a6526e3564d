"""Rating and reopening are bound to the citizen; what a session remembers is per congress.

Pen-test findings (issue 11): (1) staff saw the last four phone digits in the masked phone and
rated as the citizen through the public endpoint; (2) the tracking page remembered messages by
database id in a platform-wide session, so a session of one congress opened another congress's
message with the same id.
"""

import re

import pytest
from captcha.models import CaptchaStore
from django.db import connection
from django_tenants.utils import schema_context

from shared_apps.audit.models import AuditEntry
from shared_apps.privacy.masking import mask_phone
from tenant_apps.voices import intake, services
from tenant_apps.voices.models import Rating, Voice
from tenant_apps.voices.states import Status

from .helpers import deputy, phone, station, submit


def _replied(world, key="T1", **extra) -> Voice:
    voice = submit(world, key, **extra)
    user = deputy(world, key).user
    services.accept(voice, user=user)
    services.answer(voice, user=user, text="已联系社区处理。")
    return voice


def _web_submit(client, world, key: str, number: str) -> tuple[str, str]:
    response = client.post(
        f"/voices/write/{world.seeds[key]['voices']['token']}/",
        {"category": "help", "title": "网页留言", "description": "小区门口的路灯坏了。", "phone": number,
         "consent": "on", "deputy": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    page = client.get(response["Location"]).content.decode()
    code = re.search(r'data-testid="tracking-code">([^<]+)<', page).group(1)
    key_shown = re.search(r'data-testid="citizen-key">([^<]+)<', page).group(1)
    return code, key_shown


def test_the_key_is_shown_once_and_stored_hashed(world, db, client_for, in_congress):
    client = client_for("T1")
    code, key = _web_submit(client, world, "T1", phone())
    with in_congress("T1"):
        voice = Voice.objects.get(tracking_code=code)
        assert voice.citizen_key_hash == intake.hash_citizen_key(code, key)
        assert key.replace("-", "") not in str(Voice.objects.filter(pk=voice.pk).values().get())
        assert intake.citizen_key_matches(voice, key.lower().replace("-", " "))
    # Not in any staff view of the message.
    staff = client_for("T1", world.user("staff", "T1"))
    for url in (f"/voices/manage/{voice.pk}/", f"/api/v1/voices/voices/{voice.pk}/", "/voices/manage/"):
        assert key not in staff.get(url).content.decode()


def test_an_insider_with_the_masked_phone_cannot_rate(world, db, client_for, in_congress):
    number = phone()
    with in_congress("T1"):
        voice = _replied(world, phone=number)
    masked = mask_phone(number)
    last4 = masked[-4:]  # what every handler, deputy and staff member sees
    insider = client_for("T1")
    # The tracking page does not open a keyed message with the phone digits ...
    assert insider.post("/voices/track/", {"code": voice.tracking_code, "secret": last4}).status_code == 400
    assert insider.get(f"/voices/track/{voice.tracking_code}/").status_code == 302
    # ... and the API wants the key.
    api = insider.post(
        "/api/v1/voices/track/rate/",
        {"tracking_code": voice.tracking_code, "phone_last4": last4, "rating": "satisfied"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "citizen_key" in api.json()["error"]["fields"]
    wrong = insider.post(
        "/api/v1/voices/track/rate/",
        {"tracking_code": voice.tracking_code, "citizen_key": "AAAA-BBBB-CCCC", "rating": "satisfied"},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    with in_congress("T1"):
        voice.refresh_from_db()
        assert voice.status == Status.REPLIED and not voice.rating
        # The service itself refuses without the key, whoever calls it.
        with pytest.raises(services.NotTheCitizen):
            services.rate(voice, citizen_key=last4, rating=Rating.SATISFIED)


def test_the_citizen_rates_and_reopens_and_every_public_action_is_audited(world, db, client_for, in_congress):
    number = phone()
    with in_congress("T1"):
        voice = _replied(world, phone=number)
        key = voice.citizen_key
    citizen = client_for("T1")
    api = citizen.post(
        "/api/v1/voices/track/",
        {"tracking_code": voice.tracking_code, "citizen_key": key},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["status"] == Status.REPLIED
    tracked = citizen.post("/voices/track/", {"code": voice.tracking_code, "secret": key})
    assert tracked.status_code == 302
    page = citizen.get(tracked["Location"])
    assert 'data-testid="rate-form"' in page.content.decode()
    rated = citizen.post(tracked["Location"], {"rating": "dissatisfied", "comment": "没修好"})
    assert rated.status_code == 302
    with in_congress("T1"):
        voice.refresh_from_db()
        assert voice.status == Status.REOPENED
        services.answer(voice, user=deputy(world).user, text="已再次处理。")
    again = citizen.post(
        "/api/v1/voices/track/rate/",
        {"tracking_code": voice.tracking_code, "citizen_key": key, "rating": "satisfied"},
        content_type="application/json",
    )
    assert again.status_code == 200 and again.json()["status"] == Status.CLOSED
    with in_congress("T1"):
        entries = {
            (e.action, e.data.get("channel") or e.data.get("via"))
            for e in AuditEntry.objects.filter(object_type="voices.voice", object_id=str(voice.pk))
        }
    assert ("voices.submitted", "web") in entries
    assert ("voices.tracked", "api") in entries and ("voices.tracked", "web") in entries
    assert ("voices.rate_dissatisfied", "web") in entries and ("voices.reopened", "web") in entries
    assert ("voices.rate_satisfied", "api") in entries


def test_a_message_from_before_keys_opens_read_only_with_the_phone_digits(world, db, client_for, in_congress):
    number = phone()
    with in_congress("T1"):
        voice = _replied(world, phone=number)
        Voice.objects.filter(pk=voice.pk).update(citizen_key_hash="")
    client = client_for("T1")
    tracked = client.post("/voices/track/", {"code": voice.tracking_code, "secret": number[-4:]})
    assert tracked.status_code == 302
    page = client.get(tracked["Location"]).content.decode()
    assert 'data-testid="view-only"' in page and 'data-testid="rate-form"' not in page
    assert client.post(tracked["Location"], {"rating": "satisfied"}).status_code == 400
    with in_congress("T1"):
        voice.refresh_from_db()
        assert not voice.rating


def _same_id_in_two_congresses(world, client_t1, number) -> tuple[Voice, str]:
    """A T2 message whose database id is also the id of the T1 citizen's web submission."""
    with schema_context(world.congresses["T2"].schema_name):
        victim = _replied(world, "T2", title="T2的机密留言")
    with schema_context(world.congresses["T1"].schema_name), connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('voices_voice', 'id'), %s, false)", [victim.pk])
    code, _key = _web_submit(client_t1, world, "T1", number)
    with schema_context(world.congresses["T1"].schema_name):
        assert Voice.objects.get(tracking_code=code).pk == victim.pk
    return victim, code


def test_a_session_from_one_congress_does_not_open_another_congress_message(world, db, client_for):
    t1 = client_for("T1")
    victim, _code = _same_id_in_two_congresses(world, t1, phone())
    # One cookie across congress hostnames (a shared SESSION_COOKIE_DOMAIN, or a copied cookie).
    t2 = client_for("T2")
    t2.cookies = t1.cookies
    # The attacker knows the victim's tracking code (staff of T2 see it) but not its key.
    opened = t2.get(f"/voices/track/{victim.tracking_code}/")
    assert opened.status_code == 302 and opened["Location"].endswith("/voices/track/")
    rated = t2.post(f"/voices/track/{victim.tracking_code}/", {"rating": "satisfied"})
    assert rated.status_code == 302
    assert t2.get("/voices/submitted/").status_code == 302  # T1's receipt is not T2's
    with schema_context(world.congresses["T2"].schema_name):
        victim.refresh_from_db()
        assert victim.status == Status.REPLIED and not victim.rating
    # The T1 citizen still reaches their own message in T1.
    assert t1.get("/voices/submitted/").status_code == 200


def test_tracking_limit_is_per_congress_and_answers_with_a_captcha(world, db, client_for, monkeypatch):
    monkeypatch.setattr(intake, "TRACK_RATE", "2/h")
    t1, t2 = client_for("T1"), client_for("T2")
    form = {"code": "ABCDEFGHJK", "secret": "AAAA-BBBB-CCCC"}
    assert [t1.post("/voices/track/", form).status_code for _i in range(2)] == [400, 400]
    blocked = t1.post("/voices/track/", form)
    assert blocked.status_code == 429 and 'data-testid="captcha"' in blocked.content.decode()
    # The same address in another congress has its own budget.
    assert t2.post("/voices/track/", form).status_code == 400
    # A station's shared network solves the captcha and goes on.
    key = blocked.context["captcha"]["key"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    solved = t1.post("/voices/track/", {**form, "captcha_key": key, "captcha_value": answer})
    assert solved.status_code == 400  # accepted for checking (the code is simply wrong)
    api = t1.post("/api/v1/voices/track/", {"tracking_code": "X", "citizen_key": "Y"}, content_type="application/json")
    assert api.status_code == 429 and api.json()["error"]["code"] == "captcha_required"


def test_submission_limit_is_per_congress(world, db, client_for, in_congress):
    from tenant_apps.voices import tenants_config

    for key in ("T1", "T2"):
        with in_congress(key):
            tenants_config.set_voices_config(world.congresses[key], rate_limit_ip="1/h", rate_limit_phone=None)
    form = {"category": "help", "title": "限流", "description": "楼道灯坏了请修理。", "consent": True}
    url = "/api/v1/voices/submissions/"
    t1, t2 = client_for("T1"), client_for("T2")
    assert t1.post(url, {**form, "phone": phone()}, content_type="application/json").status_code == 201
    assert t1.post(url, {**form, "phone": phone()}, content_type="application/json").status_code == 429
    assert t2.post(url, {**form, "phone": phone()}, content_type="application/json").status_code == 201
    with in_congress("T1"):
        assert station(world)  # the seeded station is untouched
