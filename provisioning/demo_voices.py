"""Demo citizens' messages (民生码上见) over the past twelve months, for the demo province.

Every message lives its story through the voices module's real services, each step at the
moment it happened (``demo_time.clock``): submitted, accepted, assigned, answered on time or
late (after the deadline sweep flagged it overdue), rated or closed unrated. What is still
open is recent, except what went overdue. Each congress draws its own volume, topics,
punctuality and satisfaction from a generator seeded with its region code, so the dashboard's
rankings have something to rank and the figures come out the same on every run.

So that the dashboard (which counts events) and each congress's statistics (which count
messages) agree, a message is answered at most once and reopened only after an on-time answer;
the office closes a reopened message with an explanation.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import tenant_context

from shared_apps.identity.models import OrganisationUnit, User
from tenants.models import Congress

from .demo_time import Window, clock, past_year, rng_for

# (category, title, description, gender, age band)
MESSAGES = (
    ("help", "小区路灯不亮", "幸福小区东门三盏路灯一周不亮，老人晚上出门不方便。", "female", "60_plus"),
    ("help", "背街小巷积水", "人民路后巷下雨就积水，希望疏通排水管。", "female", "18_35"),
    ("help", "老旧小区外墙脱落", "老旧小区5号楼外墙瓷砖脱落，存在安全隐患。", "male", "60_plus"),
    ("help", "停车难问题", "小区周边停车位少，晚上乱停车严重，希望规划停车位。", "male", "36_59"),
    ("help", "垃圾清运不及时", "菜市场旁垃圾桶每天满溢，清运不及时。", "female", "36_59"),
    ("help", "井盖松动", "学校门口井盖松动，车辆经过声音很大，怕伤到学生。", "", ""),
    ("help", "自来水水压低", "高层住户早晚用水高峰水压不足，热水器无法启动。", "male", "36_59"),
    ("help", "施工噪音扰民", "附近工地夜间施工到凌晨，影响居民休息。", "female", "18_35"),
    ("help", "农村道路破损", "村口通往镇上的道路坑洼严重，雨天无法通行。", "male", "60_plus"),
    ("help", "河道漂浮垃圾", "村边小河漂浮垃圾多，夏天有异味。", "female", "36_59"),
    ("suggestion", "建议增设老年助餐点", "社区老人多，希望在活动中心增设老年助餐点。", "male", "36_59"),
    ("suggestion", "老旧小区加装电梯", "多个老旧小区居民反映希望加装电梯。", "male", "60_plus"),
    ("suggestion", "建议增开公交线路", "新建小区离公交站太远，建议增开社区微循环公交。", "female", "18_35"),
    ("suggestion", "建议建设口袋公园", "街道缺少休闲场地，建议利用闲置地块建设口袋公园。", "female", "36_59"),
    ("suggestion", "学校门口增设红绿灯", "小学门口车流量大，建议增设红绿灯和护学岗。", "male", "36_59"),
    ("suggestion", "建议延长图书馆开放时间", "希望图书馆周末和晚上延长开放时间，方便上班族。", "female", "18_35"),
    ("consultation", "医保异地报销怎么办", "在外地就医，医保报销需要哪些材料？", "female", "36_59"),
    ("consultation", "灵活就业社保怎么缴", "灵活就业人员如何缴纳养老保险，去哪里办理？", "male", "18_35"),
    ("consultation", "高龄津贴如何申领", "家里老人满八十岁了，高龄津贴怎么申请？", "female", "60_plus"),
    ("consultation", "入学报名需要什么材料", "孩子明年上小学，随迁子女入学要准备哪些材料？", "female", "36_59"),
    ("thanks", "感谢代表帮忙协调", "感谢代表帮忙协调解决了漏水问题。", "female", "18_35"),
    ("thanks", "感谢及时修好路灯", "反映的路灯问题三天就修好了，感谢代表和相关部门。", "male", "60_plus"),
)

# Messages per congress: lower levels hear more from citizens.
VOLUME = {"province": (6, 10), "city": (8, 14), "county": (10, 18), "township": (14, 24), "subdistrict": (14, 24)}
DIRECT = ("consultation", "thanks")  # answered by the deputy, not assigned to a unit
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Profile:
    """How one congress works: drawn once from its own generator."""

    on_time: float  # share of answers given before the deadline
    satisfied: float  # share of ratings that are 满意 or 基本满意
    rates: float  # share of citizens who rate the answer at all
    weights: tuple[float, ...]  # how often each message of MESSAGES comes up here

    @classmethod
    def draw(cls, rng: random.Random) -> Profile:
        return cls(
            on_time=rng.uniform(0.7, 0.97),
            satisfied=rng.uniform(0.7, 0.97),
            rates=rng.uniform(0.55, 0.9),
            weights=tuple(rng.random() ** 2 + 0.02 for _m in MESSAGES),
        )


@dataclass
class Cast:
    """Who acts in the stories of one congress."""

    station: object
    deputy_user: User
    unit: OrganisationUnit
    handler: User
    staff: User
    can_escalate: bool


def _demo_phone(congress: Congress, index: int) -> str:
    return f"177{congress.region_code[-4:]}{index:04d}"


def seed_congress(
    congress: Congress, slug: str, password_hash: str, window: Window | None = None
) -> list[tuple[str, str]]:
    """A deputy login on the station, and this congress's messages; returns the logins created.

    ``password_hash`` is the demo password, hashed once for every demo account."""
    from shared_apps.identity.services import create_user
    from tenant_apps.deputies import services as deputies
    from tenant_apps.stations.models import LiaisonStation
    from tenant_apps.voices import selectors
    from tenant_apps.voices.models import Voice
    from tenant_apps.voices.taxonomy import ensure_defaults

    window = window or past_year()
    with tenant_context(congress), transaction.atomic():
        station = LiaisonStation.objects.filter(is_active=True).order_by("pk").first()
        if station is None or Voice.objects.exists():
            return []
        ensure_defaults()
        deputy = station.deputies.in_office().filter(user__isnull=True).order_by("pk").first()
        username = f"rddb_{slug}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(username=username, display_name=f"{deputy.name}（演示代表）")
            user.password = password_hash
            user.save(update_fields=["password"])
        deputies.link_account(deputy, user)
        cast = Cast(
            station=station,
            deputy_user=user,
            unit=OrganisationUnit.objects.get(congress=congress, name="住房和城乡建设局"),
            handler=User.objects.get(username=f"gov_{slug}"),
            staff=User.objects.get(username=f"staff_{slug}"),
            can_escalate=selectors.escalation_target(congress) is not None,
        )
        rng = rng_for(congress.region_code, "voices")
        profile = Profile.draw(rng)
        count = rng.randint(*VOLUME.get(congress.level, (8, 14)))
        escalate_at = rng.randrange(count // 3, count) if cast.can_escalate else None
        for index in range(count):
            # Stratified over the window: every stretch of the year has its messages.
            submitted = window.at((index + rng.random()) / count)
            template = rng.choices(MESSAGES, weights=profile.weights)[0]
            _story(congress, index, template, submitted, window.end, rng, profile, cast, escalate=index == escalate_at)
    return [(username, "人大代表（留言受理）")]


# Tracking code -> the citizen's secret key, held by the demo's citizens between their visits.
_CITIZEN_KEYS: dict[str, str] = {}


def _story(congress, index, template, submitted, now, rng, profile, cast, *, escalate: bool) -> None:
    from tenant_apps.voices import services
    from tenant_apps.voices.models import Category

    code, title, text, gender, age = template
    with clock(submitted):
        voice = services.submit(services.Submission(
            category=Category.objects.get(code=code), title=title, description=text,
            phone=_demo_phone(congress, index), consent=True, station=cast.station, gender=gender, age_band=age,
            name="演示群众",
        ))
    # The citizen's secret exists in clear only now: the demo citizen keeps it to rate later.
    _CITIZEN_KEYS[voice.tracking_code] = voice.citizen_key
    voice = _handle(voice, submitted, now, rng, profile, cast, escalate=escalate)
    _sweep(voice, now)


def _answer_time(voice, start: dt.datetime, rng: random.Random, profile: Profile) -> tuple[dt.datetime, bool]:
    """When the answer comes, and whether it is late."""
    if rng.random() < profile.on_time:
        return start + (voice.due_at - start) * rng.uniform(0.1, 0.9), False
    return voice.due_at + HOUR * rng.uniform(3, 24 * 12), True


def _handle(voice, submitted, now, rng, profile, cast, *, escalate: bool):
    from tenant_apps.voices import services
    from tenant_apps.voices.models import CommonProblem

    accepted = submitted + HOUR * rng.uniform(0.5, 12)
    if accepted > now:
        return voice
    with clock(accepted):
        voice = services.accept(voice, user=cast.deputy_user)
    if escalate:
        with clock(min(now, accepted + HOUR * rng.uniform(2, 48))):
            return services.mark_common_problem(
                voice, user=cast.deputy_user, kind=CommonProblem.ESCALATION,
                summary="辖区多处居民反映同类问题，涉及资金和规划，需上级统筹。",
            )
    start = accepted
    if voice.category.code not in DIRECT:
        start = accepted + HOUR * rng.uniform(1, 24)
        if start > now:
            return voice
        with clock(start):
            voice = services.assign(voice, user=cast.deputy_user, lead_unit=cast.unit, note="请核实处理")
    answered, late = _answer_time(voice, start, rng, profile)
    if answered > now:
        return voice
    if late:
        _sweep(voice, now)  # the deadline sweep flags it before the late answer comes
    with clock(answered):
        if voice.category.code in DIRECT:
            voice = services.answer(voice, user=cast.deputy_user, text="已为您联系相关部门，具体办理方式已电话告知。")
        else:
            grade = rng.choices("ABCD", weights=(5, 3, 1, 1))[0]
            voice = services.reply(voice, user=cast.handler, unit=cast.unit, grade=grade,
                                   text="已派人现场查看并安排处理，处理结果已电话告知。")
    return _rate(voice, answered, late, now, rng, profile, cast)


def _rate(voice, answered, late, now, rng, profile, cast):
    from tenant_apps.voices import config, services
    from tenant_apps.voices.models import Rating

    settings = config.all_settings()
    rated = answered + HOUR * rng.uniform(2, 24 * 5)
    if rng.random() >= profile.rates:
        closes = answered + DAY * settings["unrated_close_days"] + HOUR
        if closes <= now:
            with clock(closes):
                services.close_unrated(voice)
        return voice
    if rated > now:
        return voice
    if rng.random() < profile.satisfied:
        rating = rng.choice((Rating.SATISFIED, Rating.SATISFIED, Rating.BASICALLY_SATISFIED))
    elif late:
        # Reopening moves the deadline, and a late first answer would then count as on time
        # in the congress's statistics but not on the bus: the demo keeps such stories out.
        rating = Rating.BASICALLY_SATISFIED
    else:
        rating = Rating.DISSATISFIED
    with clock(rated):
        comment = "感谢" if rating != Rating.DISSATISFIED else "问题还没解决"
        key = _CITIZEN_KEYS[voice.tracking_code]
        voice = services.rate(voice, citizen_key=key, rating=rating, comment=comment)
    if rating == Rating.DISSATISFIED:
        # Reopened: the office looks into it and closes it with an explanation before the new
        # deadline (a second answer would count twice on the bus but once in the statistics).
        closed = rated + DAY * rng.uniform(2, settings["reopen_days"] - 2)
        if closed <= now:
            with clock(closed):
                voice = services.close(voice, user=cast.staff,
                                       reason="经核实，诉求涉及的事项已按现行政策答复并当面解释，予以办结。")
    return voice


def _sweep(voice, now: dt.datetime) -> None:
    """What beat's deadline sweep would have done by now: flag the message overdue."""
    from tenant_apps.voices import services
    from tenant_apps.voices.states import Status

    voice.refresh_from_db()
    if voice.status in Status.handling() and voice.due_at and not voice.overdue_at and voice.due_at + HOUR <= now:
        with clock(voice.due_at + HOUR):
            services.mark_overdue(voice)
