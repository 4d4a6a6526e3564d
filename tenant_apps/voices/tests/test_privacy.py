"""The citizen's phone never appears in API output, page HTML, logs, outbox payloads or
notifications: submit through every channel, walk every page and endpoint, and search."""

import json
import logging

from django.core import mail

from shared_apps.audit.models import AuditEntry
from shared_apps.bus.models import OutboxEvent
from shared_apps.messaging.models import OutboundMessage
from tenant_apps.voices import services, setup, tenants_config
from tenant_apps.voices.models import Notification, Rating

from .helpers import deputy, phone, station


def test_the_phone_is_nowhere(world, db, client_for, in_congress, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    number = phone()
    other_number = phone()
    with in_congress("T1"):
        token = station(world).public_token
        key = setup.create_api_key(name="隐私测试")[1]
        tenants_config.set_voices_config(
            world.congresses["T1"], webhook_url="http://127.0.0.1:9/hook", webhook_secret="s3cret"
        )
    public = client_for("T1")
    seen: list[str] = []
    with django_capture_on_commit_callbacks(execute=False):
        form = {
            "category": "help",
            "title": "隐私测试留言",
            "description": "井盖缺失很危险，请尽快处理。",
            "phone": number,
            "consent": "on",
            "name": "赵六",
        }
        response = public.post(f"/voices/write/{token}/", form)
        assert response.status_code == 302
        seen.append(public.get(response["Location"]).content.decode())
        api = public.post(
            "/api/v1/voices/submissions/",
            {**form, "phone": other_number, "consent": True, "station": token},
            content_type="application/json",
        )
        seen.append(api.content.decode())
        o311 = public.post(
            "/api/v1/voices/open311/v2/requests.json",
            {
                "api_key": key,
                "service_code": "help",
                "description": "路面塌陷需要修补。",
                "phone": phone(),
                "attribute[pipl_consent]": "yes",
            },
        )
        seen.append(o311.content.decode())
    with in_congress("T1"):
        from tenant_apps.voices.models import Voice

        voice = Voice.objects.filter(title="隐私测试留言").earliest("submitted_at")
        user = deputy(world).user
        services.accept(voice, user=user)
        services.assign(voice, user=user, lead_unit=world.units["T1"]["government"])
        services.reply(
            voice,
            user=world.user("handler_government", "T1"),
            unit=world.units["T1"]["government"],
            grade="A",
            text="已补齐井盖。",
        )
        services.rate(voice, rating=Rating.SATISFIED)
    tracked = public.post("/voices/track/", {"code": voice.tracking_code, "last4": number[-4:]})
    seen.append(public.get(tracked["Location"]).content.decode())
    seen.append(
        public.post(
            "/api/v1/voices/track/",
            {"tracking_code": voice.tracking_code, "phone_last4": number[-4:]},
            content_type="application/json",
        ).content.decode()
    )
    for role in ("staff", "leader", "deputy", "handler_government"):
        client = client_for("T1", world.user(role, "T1"))
        for url in (
            "/voices/manage/",
            f"/voices/manage/{voice.pk}/",
            "/voices/inbox/",
            "/voices/handling/",
            "/voices/stats/",
            "/api/v1/voices/voices/",
            f"/api/v1/voices/voices/{voice.pk}/",
            "/api/v1/voices/stats/",
            f"/api/v1/voices/open311/v2/requests.json?api_key={key}",
            f"/api/v1/voices/open311/v2/requests/{voice.pk}.xml?api_key={key}",
            "/",
        ):
            seen.append(client.get(url).content.decode())
    with in_congress("T1"):
        seen += [json.dumps(e.payload, ensure_ascii=False) for e in OutboxEvent.objects.all()]
        seen += [json.dumps(e.data, ensure_ascii=False) for e in AuditEntry.objects.all()]
        seen += [f"{n.subject} {n.body} {json.dumps(n.payload)}" for n in Notification.objects.all()]
    seen += [f"{m.subject} {m.body}" for m in mail.outbox]
    seen += [f"{m.subject} {m.text} {m.params}" for m in OutboundMessage.objects.all()]
    seen.append(caplog.text)
    text = "\n".join(seen)
    assert voice.tracking_code in text  # the search does look at real output
    for secret in (number, other_number, "赵六"):
        assert secret not in text
        assert f"{secret[:3]} {secret[3:7]} {secret[7:]}" not in text
    assert f"{number[:3]}****{number[-4:]}" in text  # shown masked to staff
