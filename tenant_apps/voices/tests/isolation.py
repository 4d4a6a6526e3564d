"""Voices endpoints in the tenant isolation suite."""

import datetime as dt

from captcha.models import CaptchaStore

from shared_apps.identity.roles import Role
from tenant_apps.deputies import services as deputies
from tenant_apps.stations import services as stations
from tenant_apps.voices import citizen_session, open311, services, setup
from tenant_apps.voices.models import Category
from tenant_apps.voices.taxonomy import ensure_defaults
from tests.isolation.registry import Case


def SEED(world, key):
    ensure_defaults()
    deputy = deputies.register_deputy(
        user=world.user(Role.DEPUTY, key),
        name=f"{key}留言代表",
        level="township",
        registered_on=dt.date(2021, 10, 1),
        mobile=f"1360{abs(hash(key + 'd')) % 10**7:07d}",
        email=f"deputy-{key.lower()}@example.cn",
        address="-",
    )
    station = stations.open_station(
        name=f"{key}留言联络站", address=f"{key}民生路1号", opened_on=dt.date(2023, 1, 1), deputy_ids=[deputy.pk]
    )
    phone = f"1370{abs(hash(key)) % 10**7:07d}"
    voice = services.submit(
        services.Submission(
            category=Category.objects.get(code="help"),
            title=f"机密留言-{key}-楼道漏水",
            description="三楼楼道漏水很久了",
            phone=phone,
            consent=True,
            station=station,
            name=f"{key}张三",
        )
    )
    user = world.user(Role.DEPUTY, key)
    services.accept(voice, user=user)
    services.assign(voice, user=user, lead_unit=world.units[key]["government"])
    api_key, raw = setup.create_api_key(name=f"{key}客户端")
    o311, token = open311.create_request(
        {
            "service_code": "consultation",
            "description": f"机密咨询-{key}-办事指引",
            "phone": phone,
            "attribute[pipl_consent]": "yes",
        },
        key_prefix=raw[:8],
    )
    captcha = CaptchaStore.generate_key()
    # A second open message to merge the first into (staff's merge action).
    other = services.submit(
        services.Submission(
            category=Category.objects.get(code="help"), title=f"{key}另一条留言", description="三楼楼道同样漏水",
            phone=phone, consent=True, station=station, name=f"{key}李四",
        )
    )
    return {
        "other_id": other.pk,
        "api_key_id": api_key.pk,
        "api_key": raw,
        "unit_id": world.units[key]["government"].pk,
        "voice_id": voice.pk,
        "code": voice.tracking_code,
        "citizen_key": voice.citizen_key,
        "token": station.public_token,
        "o311_token": token,
        "o311_id": o311.pk,
        "captcha": captcha,
        "category_id": Category.objects.get(code="help").pk,
        "secrets": [voice.title, phone, voice.tracking_code, voice.citizen_key, f"{key}张三", o311.description, token],
    }


def _citizen_session(world, actor: str, target: str) -> dict:
    """What a citizen's browser on the actor's congress holds, plus every older or forged claim.

    - The old format: database ids (ids restart per schema, so the target's id is also the id of
      some message in the actor's congress) and the last submitted code.
    - The new format under the actor's congress: the actor's own message and key, and the
      target's tracking code (staff of the target know it) with the actor's key.
    An outsider must see nothing of the target; the target's own citizen (actor == target)
    must reach their message.
    """
    mine = world.seeds[actor]["voices"]
    theirs = world.seeds[target]["voices"]
    tracked = {mine["code"]: mine["citizen_key"]}
    if actor != target:
        tracked[theirs["code"]] = mine["citizen_key"]
    return {
        "voices_tracked": [theirs["voice_id"], mine["voice_id"]],
        "voices_last_code": theirs["code"],
        citizen_session.SESSION_KEY: {
            world.congresses[actor].schema_name: {
                "tracked": tracked,
                "receipt": {"code": mine["code"], "key": mine["citizen_key"]},
            }
        },
    }


def _pk(seed):
    return {"pk": seed["voice_id"]}


def _act(action):
    return lambda seed: {"pk": seed["voice_id"], "action": action}


def _fmt(**extra):
    return lambda seed: {"fmt": "json", **{k: v(seed) for k, v in extra.items()}}


CASES = [
    # Public pages (no account), which must show nothing of another congress.
    Case("voices:write", public=True),
    Case("voices:write_station", kwargs=lambda s: {"token": s["token"]}, public=True),
    Case("voices:submitted", public=True, own_status=302),
    # The same pages with a citizen's session: keyed by congress, they show only the own congress's.
    Case("voices:submitted", public=True, session=_citizen_session),
    Case("voices:consent", public=True),
    Case("voices:captcha", kwargs=lambda s: {"key": s["captcha"]}, public=True),
    Case("voices:track", public=True),
    Case("voices:track", method="post", data={"code": "XXXX", "secret": "0000"}, public=True, own_status=400),
    Case("voices:track_detail", kwargs=lambda s: {"code": s["code"]}, public=True, own_status=302),
    Case("voices:track_detail", kwargs=lambda s: {"code": s["code"]}, public=True, session=_citizen_session),
    Case(
        "voices:track_detail",
        method="post",
        kwargs=lambda s: {"code": s["code"]},
        data={"rating": "satisfied"},
        public=True,
        session=_citizen_session,
    ),
    # Console.
    Case("voices:manage"),
    Case("voices:export"),
    # A handler of a unit the message was not assigned to: not found.
    Case("voices:detail", kwargs=_pk, refused=("handler_court",)),
    # Leaders read every message but act on none; a handler of another unit sees none of it.
    Case("voices:act", method="post", kwargs=_act("close"), data={"reason": "x"}, own_status=302,
         refused=("leader", "deputy", "handler_government")),
    Case("voices:act", method="post", kwargs=_act("note"), data={"text": "x"}, own_status=302,
         refused=("leader", "handler_court")),
    Case("voices:act", method="post", kwargs=_act("reply"), data=lambda s: {"text": "已处理", "grade": "A"},
         rightful="handler_government", own_status=302, refused=("administrator", "handler_court")),
    Case("voices:inbox", own_status=403),
    Case("voices:handling", own_status=403),
    Case("voices:stats"),
    Case("voices:stats_export", kwargs=lambda s: {"table": "categories"}),
    Case("voices:settings"),
    Case("voices:category_create", method="post", data={"code": "x", "name": "x", "deadline_amount": 1},
         own_status=302),
    Case(
        "voices:category_edit",
        method="post",
        kwargs=lambda s: {"pk": s["category_id"]},
        data={"name": "x", "deadline_amount": 1, "deadline_unit": "hours"},
        own_status=302,
    ),
    Case("voices:calendar_day", method="post", data={"date": "2026-12-31", "kind": "holiday"}, own_status=302),
    Case("voices:key_create", method="post", data={"name": "x"}, own_status=302),
    Case("voices:options", method="post", data={"rate_limit_ip": "", "reopen_days": "15"}, own_status=302),
    Case("voices:key_revoke", method="post", kwargs=lambda s: {"pk": s["api_key_id"]}, own_status=302),
    # API.
    Case("api-voices:categories", public=True),
    # Public endpoints with input their validation refuses: 400 for everyone, nothing of T2 shown.
    Case("api-voices:submit", method="post", data={"category": "help"}, public=True, own_status=400),
    Case(
        "api-voices:track", method="post", data={"tracking_code": "X", "citizen_key": "0000"}, public=True,
        own_status=400,
    ),
    Case(
        "api-voices:rate",
        method="post",
        data={"tracking_code": "X", "citizen_key": "X", "rating": "satisfied"},
        public=True,
        own_status=400,
    ),
    Case("api-voices:stats"),
    Case("api-voices:voice-list"),
    Case("api-voices:voice-detail", kwargs=_pk, refused=("handler_court",)),
    # The recipient deputy's actions (the seed's message is already accepted and assigned, so
    # the state machine answers some of them with 400 once the policy let the deputy through).
    Case("api-voices:voice-accept", method="post", kwargs=_pk, rightful="deputy", own_status=400,
         refused=("administrator", "leader")),
    Case("api-voices:voice-answer", method="post", kwargs=_pk, data={"text": "x"}, rightful="deputy",
         own_status=400, refused=("administrator", "leader")),
    Case("api-voices:voice-assign", method="post", kwargs=_pk, data=lambda s: {"lead_unit_id": s["unit_id"]},
         refused=("leader", "handler_government")),
    Case("api-voices:voice-return-misrouted", method="post", kwargs=_pk, data={"reason": "x"}, rightful="deputy",
         own_status=400, refused=("administrator",)),
    Case("api-voices:voice-common-problem", method="post", kwargs=_pk, data={"kind": "escalation", "summary": "x"},
         rightful="deputy", refused=("administrator",)),
    Case("api-voices:voice-reply", method="post", kwargs=_pk, data={"text": "x", "grade": "A"},
         rightful="handler_government", refused=("administrator", "handler_court")),
    Case("api-voices:voice-note", method="post", kwargs=_pk, data={"text": "x"}, refused=("leader",)),
    Case("api-voices:voice-close", method="post", kwargs=_pk, data={"reason": "x"}, refused=("leader", "deputy")),
    Case("api-voices:voice-merge", method="post", kwargs=_pk, data=lambda s: {"into_id": s["other_id"]},
         refused=("leader",)),
    # Open311: services are public; requests need this congress's API key (or its staff).
    Case("api-voices:open311-services", kwargs=_fmt(), public=True),
    Case("api-voices:open311-service", kwargs=_fmt(service_code=lambda s: "help"), public=True),
    Case("api-voices:open311-requests", kwargs=_fmt()),
    # Posting a request needs the congress's API key, a bearer credential: without it everyone is
    # refused (a staff session included); with T2's key the client posts to T2 (no data shown back).
    Case("api-voices:open311-requests", method="post", kwargs=_fmt(), data={"service_code": "help"}, own_status=403),
    Case("api-voices:open311-requests", method="post", kwargs=_fmt(), public=True, own_status=201,
         data=lambda s: {"service_code": "consultation", "api_key": s["api_key"], "description": "咨询办事指引",
                         "phone": "13700000000", "attribute[pipl_consent]": "yes"}),
    Case("api-voices:open311-request", kwargs=_fmt(service_request_id=lambda s: s["o311_id"])),
    Case("api-voices:open311-token", kwargs=_fmt(token=lambda s: s["o311_token"])),
]
