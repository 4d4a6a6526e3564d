"""Real bus events for dashboard tests: messages, answers, ratings, duty records, keywords."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.bus.services import publish

CATEGORIES = ("help", "suggestion", "consultation", "help-1", "suggestion-2")
WORDS = ("路灯", "停车", "垃圾分类", "噪声", "物业", "电梯", "学校", "医保")


def publish_sample(world, keys=("T1", "T2", "K1", "K2", "C1", "C2", "P"), per_month: int = 6, seed: int = 7) -> None:
    rng = random.Random(seed)
    today = timezone.localdate()
    for key in keys:
        events = []
        voice_id = 0
        for back in range(6):
            month = (today.replace(day=1) - dt.timedelta(days=31 * back)).replace(day=1)
            for _ in range(rng.randint(per_month // 2, per_month)):
                voice_id += 1
                at = timezone.make_aware(dt.datetime.combine(month + dt.timedelta(days=rng.randint(0, 20)),
                                                             dt.time(10)))
                category = rng.choice(CATEGORIES)
                events.append(("voice.submitted", {
                    "voice_id": voice_id, "category": category, "subcategory": None, "station_id": None,
                    "deputy_id": None, "submitted_at": at, "channel": "qr"}))
                if rng.random() < 0.85:
                    on_time = rng.random() < 0.8
                    events.append(("voice.replied", {
                        "voice_id": voice_id, "category": category, "unit_id": None, "grade": rng.choice("AABBC"),
                        "replied_at": at + dt.timedelta(days=2), "submitted_at": at, "due_at": None,
                        "on_time": on_time, "reply_seconds": 2 * 86400, "by": "unit"}))
                    events.append(("voice.rated", {
                        "voice_id": voice_id, "category": category,
                        "rating": rng.choice(["satisfied", "satisfied", "basically_satisfied", "dissatisfied"]),
                        "rated_at": at + dt.timedelta(days=3)}))
            events.append(("duty.recorded", {
                "record_id": back + 1, "duty_type": rng.choice(["meeting", "inspection", "voter_contact"]),
                "deputy_ids": [1, 2], "occurred_on": (month + dt.timedelta(days=5)).isoformat(),
                "points": 2, "entered_by": "office"}))
            events.append(("topics.keywords_counted", {
                "day": (month + dt.timedelta(days=6)).isoformat(), "category": "help", "source": "voices",
                "counts": [{"word": w, "count": rng.randint(2, 9)} for w in rng.sample(WORDS, 4)]}))
        for deputy_id in (1, 2, 3):
            events.append(("deputy.registered", {
                "deputy_id": deputy_id, "level": "county", "gender": None, "birth_year": None, "party": None,
                "term_id": None, "group_id": None, "registered_on": "2026-01-05"}))
        with schema_context(world.congresses[key].schema_name), transaction.atomic():
            for name, payload in events:
                publish(name, payload)
