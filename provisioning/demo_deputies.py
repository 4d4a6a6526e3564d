"""Demo deputies, liaison stations and this year's duty records for the demo province (示范省)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context
from PIL import Image, ImageDraw, ImageFont

from shared_apps.identity.models import User
from tenants.models import Congress

from .demo_time import Window, clock, rng_for, this_year

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
COLOURS = ("#b5121b", "#8c6d1f", "#1f5f8b", "#2e7d32", "#6a1b9a", "#455a64")

# name, gender, birth year, party, occupation, position
PEOPLE = (
    ("陈建国", "male", 1968, "cpc", "official", "党工委副书记"),
    ("林秀英", "female", 1975, "cpc", "professional", "社区卫生服务中心主任"),
    ("黄志强", "male", 1981, "cndca", "business", "某农业合作社理事长"),
    ("周丽华", "female", 1979, "masses", "worker", "纺织厂车间班组长"),
    ("吴海涛", "male", 1986, "non_party", "professional", "小学教师"),
    ("郑美玲", "female", 1972, "capd", "farmer", "种植大户"),
)


def avatar(name: str, index: int) -> SimpleUploadedFile | None:
    """A plain portrait card with the surname: demo data must not borrow real faces."""
    if not FONT.exists():
        return None
    image = Image.new("RGB", (240, 300), COLOURS[index % len(COLOURS)])
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 120)
    draw.text((120, 150), name[0], fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return SimpleUploadedFile(f"{index}.jpg", out.getvalue(), "image/jpeg")


def _place_name(congress: Congress) -> str:
    for suffix in ("人大常委会", "人大工委", "人大"):
        if congress.name.endswith(suffix):
            return congress.name.removesuffix(suffix)
    return congress.name


def _term_number(level: str) -> int:
    return {"province": 14, "city": 17, "county": 19, "township": 19, "subdistrict": 19}.get(
        level, 18
    )


@transaction.atomic
def seed_congress(congress: Congress, slug: str, window: Window | None = None) -> None:
    from tenant_apps.deputies import services as deputies
    from tenant_apps.stations import services as stations

    with tenant_context(congress):
        term = deputies.create_term(
            number=_term_number(congress.level), started_on=dt.date(2021, 10, 1)
        )
        groups = [deputies.create_group(name=f"第{n}代表小组", term=term) for n in ("一", "二")]
        places = [
            deputies.create_constituency(name=f"第{n}选区", code=f"{i:02d}")
            for i, n in enumerate(("一", "二", "三"), start=1)
        ]
        people = []
        for index, (name, gender, year, party, occupation, position) in enumerate(PEOPLE):
            people.append(
                deputies.register_deputy(
                    name=name,
                    gender=gender,
                    birth_year=year,
                    party=party,
                    occupation=occupation,
                    position=position,
                    ethnicity="汉族",
                    term=term,
                    group=groups[index % 2],
                    constituency=places[index % 3],
                    registered_on=dt.date(2021, 10, 1),
                    mobile=f"1990{congress.region_code[-4:]}{index:03d}"[:11],
                    photo=avatar(name, index),
                )
            )
        stations.open_station(
            name=f"{_place_name(congress)}代表联络站",
            address="人民路 88 号便民服务中心二楼",
            latitude=32.0 + len(slug) / 100,
            longitude=118.8,
            opening_hours="工作日 8:30-17:30",
            reception_days=[2, 4],
            reception_note="每月 15 日为集中接待日",
            phone="025-12345678",
            opened_on=dt.date(2022, 3, 1),
            deputy_ids=[p.pk for p in people[:4]],
        )
        _duties(congress, people, window or this_year())


# (kind, title, place, how many deputies usually take part)
DUTIES = (
    ("meeting", "出席人民代表大会会议", "人民会堂", 6),
    ("meeting", "列席常委会会议", "常委会会议室", 2),
    ("inspection", "视察农村公路建设", "各村主干道", 3),
    ("inspection", "调研垃圾分类工作", "各小区", 2),
    ("inspection", "检查食品安全工作", "农贸市场", 2),
    ("suggestion", "关于增设老年助餐点的建议", "", 1),
    ("suggestion", "关于改善学校周边交通的建议", "", 1),
    ("voter_contact", "进站接待选民", "代表联络站", 2),
    ("voter_contact", "走访困难家庭", "选区", 1),
    ("voter_contact", "接待群众反映停车难问题", "代表联络站", 1),
    ("group_activity", "代表小组学习法律法规", "社区会议室", 4),
    ("group_activity", "代表小组专题座谈", "社区会议室", 3),
)
# Duty records per congress this year, and the share of deputies who take an active part.
DUTY_VOLUME = {"province": (8, 14), "city": (10, 18), "county": (12, 22), "township": (14, 28),
               "subdistrict": (14, 28)}


def _duties(congress: Congress, people: list, window: Window) -> None:
    """This year's duty activity: its own volume and mix in each congress, verified a few days
    after it happened (the most recent ones still wait for verification)."""
    from tenant_apps.deputies import services as deputies

    rng = rng_for(congress.region_code, "duties")
    weights = [rng.random() ** 2 + 0.05 for _d in DUTIES]
    # Some deputies are much more active than others: rankings by deputy mean something.
    zeal = [rng.random() ** 1.5 + 0.05 for _p in people]
    count = rng.randint(*DUTY_VOLUME.get(congress.level, (10, 18)))
    for index in range(count):
        kind, title, place, size = rng.choices(DUTIES, weights=weights)[0]
        when = window.at((index + rng.random()) / count)
        who = _pick(people, zeal, min(len(people), max(1, size + rng.randint(-1, 1))), rng)
        with clock(when):
            record = deputies.record_duty(
                duty_type=kind, title=title, place=place, description=f"{title}。",
                occurred_on=timezone.localtime(when).date(), participants=who, entered_by="office",
            )
        verified = when + dt.timedelta(days=rng.uniform(1, 6))
        if verified <= window.end:
            with clock(verified):
                deputies.verify_duty(record, user_id=None)


def _pick(people: list, weights: list[float], size: int, rng) -> list:
    chosen: list = []
    while len(chosen) < size:
        person = rng.choices(people, weights=weights)[0]
        if person not in chosen:
            chosen.append(person)
    return chosen


def seat_person(user: User, congress: Congress) -> None:
    """Give a demo person a deputy seat (and so the `deputy` role) in ``congress``, once."""
    from tenant_apps.deputies import services as deputies
    from tenant_apps.deputies.models import Deputy

    with tenant_context(congress), transaction.atomic():
        if Deputy.objects.in_office().filter(user=user).exists():
            return
        deputies.register_deputy(
            user=user,
            name=user.display_name.replace("（演示）", ""),
            gender="male",
            birth_year=1970,
            party="cpc",
            registered_on=dt.date(2021, 10, 1),
            position="某镇农业服务中心主任",
        )
