"""Demo citizens' messages (民生码上见) in every state, for the demo province's congresses."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from shared_apps.identity.models import OrganisationUnit, User
from tenants.models import Congress

# (category, title, description, gender, age band, what happens next)
MESSAGES = (
    ("help", "小区路灯不亮", "幸福小区东门三盏路灯一周不亮，老人晚上出门不方便。", "female", "60_plus", "new"),
    ("suggestion", "建议增设老年助餐点", "社区老人多，希望在活动中心增设老年助餐点。", "male", "36_59", "accepted"),
    ("help", "背街小巷积水", "人民路后巷下雨就积水，希望疏通排水管。", "female", "18_35", "assigned"),
    ("help", "老旧小区外墙脱落", "老旧小区5号楼外墙瓷砖脱落，存在安全隐患。", "male", "60_plus", "replied"),
    ("consultation", "医保异地报销怎么办", "在外地就医，医保报销需要哪些材料？", "female", "36_59", "answered_rated"),
    ("help", "停车难问题", "小区周边停车位少，晚上乱停车严重，希望规划停车位。", "male", "36_59", "satisfied"),
    ("help", "垃圾清运不及时", "菜市场旁垃圾桶每天满溢，清运不及时。", "female", "36_59", "reopened"),
    ("help", "井盖松动", "学校门口井盖松动，车辆经过声音很大，怕伤到学生。", "", "", "overdue"),
    ("suggestion", "老旧小区加装电梯", "多个老旧小区居民反映希望加装电梯。", "male", "60_plus", "escalated"),
    ("thanks", "感谢代表帮忙协调", "感谢代表帮忙协调解决了漏水问题。", "female", "18_35", "unrated"),
)


def _demo_phone(congress: Congress, index: int) -> str:
    return f"1770{congress.region_code[-4:]}{index:03d}"[:11]


def seed_congress(congress: Congress, slug: str, password: str) -> list[tuple[str, str]]:
    """A deputy login on the station, and the messages above; returns the logins created."""
    from shared_apps.identity.services import create_user
    from tenant_apps.deputies import services as deputies
    from tenant_apps.stations.models import LiaisonStation
    from tenant_apps.voices import services
    from tenant_apps.voices.models import Category, Voice
    from tenant_apps.voices.taxonomy import ensure_defaults

    with tenant_context(congress), transaction.atomic():
        station = LiaisonStation.objects.filter(is_active=True).order_by("pk").first()
        if station is None or Voice.objects.exists():
            return []
        ensure_defaults()
        deputy = station.deputies.in_office().filter(user__isnull=True).order_by("pk").first()
        username = f"rddb_{slug}"
        user = User.objects.filter(username=username).first() or create_user(
            username=username, password=password, display_name=f"{deputy.name}（演示代表）"
        )
        deputies.link_account(deputy, user)
        unit = OrganisationUnit.objects.get(congress=congress, name="住房和城乡建设局")
        handler = User.objects.get(username=f"gov_{slug}")
        staff = User.objects.get(username=f"staff_{slug}")
        for index, (code, title, text, gender, age, fate) in enumerate(MESSAGES):
            voice = services.submit(services.Submission(
                category=Category.objects.get(code=code), title=title, description=text,
                phone=_demo_phone(congress, index), consent=True, station=station, gender=gender, age_band=age,
                name="演示群众",
            ))
            _advance(voice, fate, user, unit, handler, staff)
        # Spread the messages over recent months so the monthly figures have a shape.
        for months, voice in enumerate(Voice.objects.order_by("pk")):
            shift = dt.timedelta(days=30 * (months % 4))
            Voice.objects.filter(pk=voice.pk).update(submitted_at=voice.submitted_at - shift)
    return [(username, "人大代表（留言受理）")]


def _advance(voice, fate, deputy_user, unit, handler, staff) -> None:
    from tenant_apps.voices import services
    from tenant_apps.voices.models import Rating, Voice

    if fate == "new":
        return
    services.accept(voice, user=deputy_user)
    if fate == "accepted":
        return
    if fate in ("answered_rated", "unrated"):
        services.answer(voice, user=deputy_user, text="已为您联系相关部门，具体办理方式已电话告知。")
        if fate == "answered_rated":
            services.rate(voice, citizen_key=voice.citizen_key, rating=Rating.BASICALLY_SATISFIED, comment="答复及时")
        else:
            Voice.objects.filter(pk=voice.pk).update(replied_at=timezone.now() - dt.timedelta(days=10))
            services.close_unrated(Voice.objects.get(pk=voice.pk))
        return
    if fate == "escalated":
        services.mark_common_problem(voice, user=deputy_user, kind="escalation",
                                     summary="辖区多个老旧小区居民希望加装电梯，涉及资金和规划，需上级统筹。")
        return
    services.assign(voice, user=deputy_user, lead_unit=unit, note="请尽快核实处理")
    if fate == "assigned":
        return
    if fate == "overdue":
        Voice.objects.filter(pk=voice.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
        services.mark_overdue(Voice.objects.get(pk=voice.pk))
        return
    services.reply(voice, user=handler, unit=unit, grade="B", text="已派人现场查看，正在安排施工。")
    if fate == "replied":
        return
    if fate == "satisfied":
        services.rate(voice, citizen_key=voice.citizen_key, rating=Rating.SATISFIED, comment="感谢")
        return
    services.rate(voice, citizen_key=voice.citizen_key, rating=Rating.DISSATISFIED, comment="问题还没解决")
