"""Hot topics: keywords counted inside the congress, only counts on the bus, summed on the dashboard."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.bus.hub.models import BusEvent
from shared_apps.rollups import topics
from shared_apps.rollups.models import SubtreeRollup
from tenant_apps.voices.models import Voice
from tests.support.bus import flow

MESSAGES = [
    "张三反映幸福小区路灯坏了，电话13812345678，希望尽快维修路灯",
    "李四：幸福小区垃圾分类点太远，路灯也不亮",
    "王五反映路灯损坏，夜间出行不便",
    "噪声扰民，建筑工地夜间施工",
]


def test_keywords_leave_out_names_and_numbers():
    words = topics.keywords_of(MESSAGES[0])
    assert "路灯" in words
    assert not any("张三" in w or "138" in w for w in words)


def test_only_words_used_in_several_messages_are_counted():
    counts = dict(topics.keyword_counts(MESSAGES))
    assert counts["路灯"] == 3
    assert "工地" not in counts  # in one message only


def test_daily_counts_reach_the_dashboard_without_any_message_text(clean_bus):
    world = clean_bus
    day = timezone.localdate()
    with schema_context(world.congresses["T1"].schema_name):
        seeded = Voice.objects.get(pk=world.seeds["T1"]["voices"]["voice_id"])
        for text in MESSAGES:
            Voice.objects.filter(pk=seeded.pk).update(description=text, submitted_at=timezone.now())
            clone = Voice.objects.get(pk=seeded.pk)
            clone.pk = None
            clone.tracking_code = f"T{abs(hash(text)) % 10**10:010d}"
            clone.save()
        with transaction.atomic():
            assert topics.count_day_in_current_congress(day) == 1
        # Counted once a day, whatever the number of runs.
        assert topics.count_day_in_current_congress(day) == 0
    flow()
    event = BusEvent.objects.get(type="topics.keywords_counted")
    dumped = str(event.payload)
    assert "张三" not in dumped and "13812345678" not in dumped and "幸福小区路灯坏了" not in dumped
    row = SubtreeRollup.objects.get(node_id=world.congresses["P"].pk, metric="topics.keyword", term="路灯")
    assert row.value >= 3 and row.month == day.replace(day=1)
    assert isinstance(row.month, dt.date)
