"""The portal module end to end: staff write, publish and withdraw; the public reads."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context
from PIL import Image

from shared_apps.bus.models import OutboxEvent
from tenant_apps.portal.models import Post
from tenant_apps.portal.services import clean_body


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0132] = "2026:01:01 10:00:00"  # DateTime
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif()[0x010F] == "SecretCam"
    return data


def test_rich_text_is_sanitised():
    dirty = (
        '<p onclick="x()">hi<script>alert(1)</script><a href="javascript:evil()">a</a>'
        '<img src="https://e/x.png" onerror="y"></p>'
    )
    clean = clean_body(dirty)
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean
    assert "onerror" not in clean and '<img src="https://e/x.png">' in clean


def test_staff_publish_then_unpublish_through_the_pages(world, client_for):
    staff = client_for("T1", world.user("staff", "T1"))
    response = staff.post(
        "/portal/manage/new/",
        {"kind": "news", "title": "代表视察农村公路", "body": "<p>正文</p><script>x</script>",
         "cover": SimpleUploadedFile("c.jpg", _jpeg_with_exif(), "image/jpeg"), "publish": "1"},
    )
    assert response.status_code == 302
    with schema_context(world.congresses["T1"].schema_name):
        post = Post.objects.get(title="代表视察农村公路")
        assert post.is_published and "script" not in post.body
        with Image.open(post.cover.path) as stored:
            assert not stored.getexif()
        assert OutboxEvent.objects.filter(type="portal.post_published", payload__post_id=post.pk).exists()
    public = client_for("T1")
    home = public.get("/").content.decode()
    assert "代表视察农村公路" in home
    assert public.get(f"/portal/posts/{post.pk}/").status_code == 200
    assert staff.post(f"/portal/manage/{post.pk}/unpublish/").status_code == 302
    assert public.get(f"/portal/posts/{post.pk}/").status_code == 404
    assert "代表视察农村公路" not in public.get("/").content.decode()


def test_bad_input_gets_chinese_errors_and_keeps_what_was_stored(world, client_for):
    staff = client_for("T1", world.user("staff", "T1"))
    with schema_context(world.congresses["T1"].schema_name):
        post = Post.objects.create(title="原标题", body="<p>原文</p>")
    response = staff.post(f"/portal/manage/{post.pk}/", {"kind": "news", "title": "", "body": ""})
    assert response.status_code == 400
    assert "该字段是必填项" in response.content.decode()
    fake = SimpleUploadedFile("c.jpg", b"not an image at all", "image/jpeg")
    form = {"kind": "news", "title": "新", "body": "<p>x</p>", "cover": fake}
    response = staff.post(f"/portal/manage/{post.pk}/", form)
    assert response.status_code == 400
    assert "不是有效的图片" in response.content.decode()
    with schema_context(world.congresses["T1"].schema_name):
        post.refresh_from_db()
        assert post.title == "原标题" and post.body == "<p>原文</p>"


def test_api_create_publish_and_structured_errors(world, client_for):
    api = client_for("T1", world.user("staff", "T1"))
    created = api.post("/api/v1/portal/posts/", {"title": "接口发布", "body": "<p>b</p>", "kind": "notice"},
                       content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api.post(f"/api/v1/portal/posts/{pk}/publish/").json()["status"] == "published"
    listed = client_for("T1").get("/api/v1/portal/public-posts/?kind=notice").json()
    assert any(p["id"] == pk for p in listed["results"])
    bad = api.post("/api/v1/portal/posts/", {"title": "", "kind": "weird"}, content_type="application/json")
    assert bad.status_code == 400
    error = bad.json()["error"]
    assert error["code"] == "invalid" and {"title", "body", "kind"} <= set(error["fields"])
    again = api.post(f"/api/v1/portal/posts/{pk}/unpublish/")
    assert again.status_code == 200
    twice = api.post(f"/api/v1/portal/posts/{pk}/unpublish/")
    assert twice.status_code == 400 and "只有已发布的文章可以撤回" in twice.json()["error"]["message"]


def test_leader_reads_drafts_but_cannot_edit(world, client_for):
    leader = client_for("T1", world.user("leader", "T1"))
    with schema_context(world.congresses["T1"].schema_name):
        draft = Post.objects.create(title="领导可见草稿", body="<p>x</p>")
    assert leader.get(f"/portal/posts/{draft.pk}/").status_code == 200
    assert leader.get("/portal/manage/").status_code == 403
    assert client_for("T1").get(f"/portal/posts/{draft.pk}/").status_code == 404


def test_a_huge_offset_is_an_empty_page_not_a_server_error(world, client_for):
    response = client_for("T1").get("/api/v1/portal/public-posts/?offset=9223372036854775808&limit=99999")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_notice_typed_with_line_breaks_keeps_its_paragraphs():
    from tenant_apps.portal.services import clean_body

    assert clean_body("定于下周三召开。\r\n\r\n请各位代表<strong>准时</strong>参加。\n") == (
        "<p>定于下周三召开。</p><p>请各位代表<strong>准时</strong>参加。</p>"
    )
    assert clean_body("<p>已是段落</p>") == "<p>已是段落</p>"
    assert clean_body("a < b\n<script>x</script>") == "<p>a &lt; b</p><p></p>"
