"""Distribution between real congress schemas: C1 sends down to K1, T1, T2; feedback comes back up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.bus.hub.models import FailedDelivery
from tenant_apps.distribution import services
from tenant_apps.distribution.models import (
    ForwardedOpinion,
    Notice,
    NoticeComment,
    NoticeFeedback,
    ReceivedNotice,
)
from tests.support.bus import flow

PUBLIC_TEXT = "我是王某某，电话13812345678，建议增加停车位"


def in_schema(world, key):
    return schema_context(world.congresses[key].schema_name)


@pytest.fixture
def draft(clean_bus):
    world = clean_bus
    with in_schema(world, "C1"):
        notice = services.send_notice(
            title="关于《物业管理条例（草案）》征求意见的通知", body="请各级人大组织征求意见。", kind="draft",
            comments_until=timezone.localdate() + dt.timedelta(days=30), user_id=None,
        )
    flow()
    return world, notice


def test_a_notice_reaches_every_congress_below_and_only_them(draft):
    world, notice = draft
    for key in ("K1", "T1", "T2"):
        with in_schema(world, key):
            received = ReceivedNotice.objects.get(
                origin_congress_id=world.congresses["C1"].pk, origin_notice_id=notice.pk
            )
            assert received.title == notice.title and received.open_for_comments
    for key in ("P", "C1", "C2", "K2"):
        with in_schema(world, key):
            assert not ReceivedNotice.objects.filter(origin_notice_id=notice.pk,
                                                     origin_congress_id=world.congresses["C1"].pk).exists()


def test_comments_flow_back_up_as_counts_and_staff_opinions(draft, client_for):
    world, notice = draft
    with in_schema(world, "T1"):
        received = ReceivedNotice.objects.get(origin_notice_id=notice.pk)
        services.comment(received, text="建议明确业委会备案时限。", source="staff")
        services.comment(received, text=PUBLIC_TEXT, source="public")
    with in_schema(world, "T2"):
        services.comment(ReceivedNotice.objects.get(origin_notice_id=notice.pk), text="同意", source="public")
    flow()
    with in_schema(world, "C1"):
        feedback = {f.congress_id: (f.staff_comments, f.public_comments) for f in NoticeFeedback.objects.all()}
        assert feedback == {world.congresses["T1"].pk: (1, 1), world.congresses["T2"].pk: (0, 1)}
        assert list(ForwardedOpinion.objects.values_list("text", flat=True)) == ["建议明确业委会备案时限。"]
        assert not NoticeComment.objects.exists()
    # The citizen's words stay in the township.
    page = client_for("C1", world.user("staff", "C1")).get(f"/distribution/sent/{notice.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "建议明确业委会备案时限" in body and PUBLIC_TEXT not in body


def test_the_public_page_below_shows_the_draft_and_takes_comments(draft, client_for):
    world, notice = draft
    visitor = client_for("T2")
    home = visitor.get("/")
    assert notice.title in home.content.decode()
    with in_schema(world, "T2"):
        pk = ReceivedNotice.objects.get(origin_notice_id=notice.pk).pk
    assert visitor.post(f"/distribution/{pk}/", {"text": ""}).status_code == 400
    assert visitor.post(f"/distribution/{pk}/", {"text": "支持"}).status_code == 302
    inbox = client_for("T2", world.user("staff", "T2")).get("/distribution/inbox/")
    assert notice.title in inbox.content.decode()


def test_a_comment_from_outside_the_subtree_is_refused(draft):
    world, notice = draft
    # K2 has no copy of C1's notice; forge one to try to add to C1's feedback.
    with in_schema(world, "K2"):
        forged = ReceivedNotice.objects.create(
            origin_congress_id=world.congresses["C1"].pk, origin_congress_name="x", origin_notice_id=notice.pk,
            kind="draft", title="x", body="x", published_at=timezone.now(),
        )
        services.comment(forged, text="越级", source="staff")
    flow()
    with in_schema(world, "C1"):
        assert not NoticeFeedback.objects.exists()
    assert FailedDelivery.objects.filter(consumer="distribution-up").exists()


def test_sending_needs_a_title_and_a_body(clean_bus):
    with in_schema(clean_bus, "K1"):
        before = Notice.objects.count()
        with pytest.raises(ValidationError) as caught:
            services.send_notice(title="", body="", kind="notice", comments_until=None, user_id=None)
        assert set(caught.value.message_dict) == {"title", "body"}
        assert Notice.objects.count() == before
