"""Submission: validation, photos (EXIF stripped), encryption at rest, rate limits with captcha,
duplicate detection, routing to the station's deputies."""

import io

import pytest
from captcha.models import CaptchaStore
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from shared_apps.messaging.models import OutboundMessage
from shared_apps.privacy.masking import mask_phone
from tenant_apps.voices import services, tenants_config
from tenant_apps.voices.models import Notification, Recipient, Voice

from .helpers import deputy, jpeg_with_exif, phone, station, submit


def test_exif_is_stripped_and_the_photo_reencoded(world, db, in_congress):
    with in_congress("T1"):
        raw = jpeg_with_exif()
        assert b"SecretCam" in raw
        voice = submit(world, photos=[SimpleUploadedFile("p.jpg", raw, content_type="image/jpeg")])
        photo = voice.photos.get()
        stored = photo.image.read()
        assert b"SecretCam" not in stored
        with Image.open(io.BytesIO(stored)) as image:
            assert not image.getexif()


def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(world, db, in_congress):
    with in_congress("T1"):
        before = Voice.objects.count()
        fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
        with pytest.raises(ValidationError) as caught:
            submit(world, phone="12345", consent=False, photos=[fake])
        errors = caught.value.message_dict
        assert set(errors) >= {"phone", "consent", "photos"}
        assert "手机号" in errors["phone"][0]
        too_many = [SimpleUploadedFile(f"{i}.jpg", jpeg_with_exif(), content_type="image/jpeg") for i in range(10)]
        with pytest.raises(ValidationError) as caught:
            submit(world, photos=too_many)
        assert "9" in caught.value.message_dict["photos"][0]
        assert Voice.objects.count() == before


def test_phone_is_encrypted_at_rest_and_blind_indexed(world, db, in_congress):
    number = phone()
    with in_congress("T1"):
        voice = submit(world, phone=number, name="李四")
        with connection.cursor() as cursor:
            cursor.execute("SELECT phone, name, phone_index FROM voices_voice WHERE id = %s", [voice.pk])
            stored_phone, stored_name, index = cursor.fetchone()
        assert number not in stored_phone and "李四" not in stored_name
        assert Voice.objects.get(pk=voice.pk).phone == number
        assert index == services.submit.__globals__["phone_key"](number)
        assert voice.consent_at and voice.consent_version


def test_routing_to_the_stations_deputies_with_inbox_and_email(world, db, in_congress):
    with in_congress("T1"):
        voice = submit(world)
        recipients = list(Recipient.objects.filter(voice=voice))
        assert [r.deputy_id for r in recipients] == [deputy(world).pk]
        user_id = deputy(world).user_id
        channels = set(Notification.objects.filter(voice=voice, user_id=user_id).values_list("channel", flat=True))
        assert channels == {"inbox"}
        # The e-mail goes through the platform's sender, attributed to this congress.
        mails = OutboundMessage.objects.filter(user_id=user_id, purpose="voice.routed", channel="email",
                                               congress_id=world.congresses["T1"].pk)
        assert len([m for m in mails if voice.tracking_code in (m.text or "")]) == 1


def test_duplicate_same_phone_near_identical_text_within_a_day(world, db, in_congress):
    number = phone()
    with in_congress("T1"):
        submit(world, phone=number, title="小区路灯坏了", description="3号楼门口的路灯坏了两个星期，晚上很黑。")
        with pytest.raises(ValidationError) as caught:
            submit(world, phone=number, title="小区路灯坏了！", description="3号楼门口的路灯坏了两个星期 晚上很黑")
        assert "重复" in caught.value.messages[0]
        # Another phone with the same text, or the same phone with another matter, is fine.
        submit(world, title="小区路灯坏了", description="3号楼门口的路灯坏了两个星期，晚上很黑。")
        submit(world, phone=number, title="垃圾清运", description="垃圾桶每天满溢，清运不及时，夏天气味很大。")


TOPICS = [
    "楼下的井盖松动，车辆经过声音很大",
    "公交站台的遮雨棚破了",
    "菜市场门口占道经营",
    "小学门口缺少减速带",
    "公园的健身器材损坏",
    "河道里有人倒垃圾",
    "夜间施工噪音扰民",
    "小区电梯经常故障",
    "路口红绿灯时间太短",
]


def _form(world, number, n):
    return {
        "category": "help",
        "title": f"限流测试{n}",
        "description": f"{TOPICS[n % len(TOPICS)]}，请代表帮忙反映。",
        "phone": number,
        "consent": "on",
        "deputy": "",
    }


def test_rate_limit_per_phone_then_captcha_on_the_page(world, client_for, db):
    client = client_for("T1")
    url = f"/voices/write/{world.seeds['T1']['voices']['token']}/"
    number = phone()
    for n in range(5):
        assert client.post(url, _form(world, number, n)).status_code == 302
    blocked = client.post(url, _form(world, number, 5))
    assert blocked.status_code == 429
    body = blocked.content.decode()
    assert "验证码" in body and 'data-testid="captcha"' in body
    key = blocked.context["captcha"]["key"]
    wrong = client.post(url, {**_form(world, number, 5), "captcha_key": key, "captcha_value": "zzzz"})
    assert wrong.status_code == 429
    key = wrong.context["captcha"]["key"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    solved = client.post(url, {**_form(world, number, 5), "captcha_key": key, "captcha_value": answer})
    assert solved.status_code == 302
    # A solved challenge cannot be replayed.
    again = client.post(url, {**_form(world, number, 6), "captcha_key": key, "captcha_value": answer})
    assert again.status_code == 429


def test_rate_limit_per_ip_on_the_api_answers_captcha_required(world, client_for, db, in_congress):
    client = client_for("T1")
    with in_congress("T1"):
        tenants_config.set_voices_config(world.congresses["T1"], rate_limit_ip="3/h", rate_limit_phone=None)
    codes = []
    for n in range(4):
        response = client.post(
            "/api/v1/voices/submissions/",
            {**_form(world, phone(), n), "consent": True},
            content_type="application/json",
        )
        codes.append(response.status_code)
    assert codes == [201, 201, 201, 429]
    error = response.json()["error"]
    assert error["code"] == "captcha_required" and error["captcha"]["image_url"].endswith(".png")
    image = client.get(error["captcha"]["image_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_rate_limits_can_be_switched_off(world, client_for, db, in_congress):
    with in_congress("T1"):
        tenants_config.set_voices_config(world.congresses["T1"], rate_limit_ip=None, rate_limit_phone=None)
    client = client_for("T1")
    number = phone()
    for n in range(8):
        response = client.post(
            "/api/v1/voices/submissions/", {**_form(world, number, n), "consent": True}, content_type="application/json"
        )
        assert response.status_code == 201, response.content


def test_masked_phone_on_the_staff_page(world, client_for, db, in_congress):
    number = phone()
    with in_congress("T1"):
        voice = submit(world, phone=number)
    page = client_for("T1", world.user("staff", "T1")).get(f"/voices/manage/{voice.pk}/")
    html = page.content.decode()
    assert mask_phone(number) in html and number not in html


def test_station_qr_page_lists_its_deputies(world, client_for, db, in_congress):
    with in_congress("T1"):
        name = deputy(world).name
        token = station(world).public_token
    page = client_for("T1").get(f"/voices/write/{token}/")
    assert page.status_code == 200
    assert name in page.content.decode()
    assert client_for("T1").get("/voices/write/unknown-token/").status_code == 404
