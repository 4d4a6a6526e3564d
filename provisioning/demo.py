"""A fictional demo province (示范省), clearly marked as demo data.

Each congress of ``TREE`` is created, then filled by the functions of ``SEEDERS`` in order;
a module that wants demo content adds its own function there. Content with dates (messages,
duty records) runs through the modules' services at the moments of a story over the past
twelve months (``demo_time``), drawn per congress from a generator seeded with its region code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django_tenants.utils import schema_context

from shared_apps.identity.models import OrganisationKind, User
from shared_apps.identity.roles import Role
from shared_apps.identity.rules import kinds_for_level
from shared_apps.identity.services import add_membership, create_organisation_unit, create_user
from tenants.models import Congress
from tenants.modules import all_manifests
from tenants.regions import Level
from tenants.services import create_congress, ensure_platform

from . import demo_deputies, demo_voices

DEMO_PASSWORD = "demo-pass-2026"
# The demo's operator and administrators must pass the second factor like everyone's: they all
# share this published TOTP key (demo data only). Add it to an authenticator app, or print the
# current code with `manage.py demo_totp`.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def demo_totp_secret() -> str:
    """The demo key in base32, as authenticator apps take it."""
    from base64 import b32encode

    return b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def demo_totp_code() -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"


def _enrol_demo_device(user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="demo", key=DEMO_TOTP_KEY, confirmed=True)


@dataclass(frozen=True)
class DemoCongress:
    slug: str
    name: str
    level: str
    code: str
    parent: str | None


TREE = (
    DemoCongress("province", "示范省人大常委会", Level.PROVINCE, "320000", None),
    DemoCongress("donghu", "东湖市人大常委会", Level.CITY, "320100", "320000"),
    DemoCongress("xishan", "西山市人大常委会", Level.CITY, "320200", "320000"),
    DemoCongress("qingshi", "青石区人大常委会", Level.COUNTY, "320102", "320100"),
    DemoCongress("linjiang", "临江县人大常委会", Level.COUNTY, "320121", "320100"),
    DemoCongress("yuntai", "云台县人大常委会", Level.COUNTY, "320221", "320200"),
    DemoCongress("hubin", "湖滨街道人大工委", Level.SUBDISTRICT, "320102001", "320102"),
    DemoCongress("guihua", "桂花街道人大工委", Level.SUBDISTRICT, "320102002", "320102"),
    DemoCongress("baisha", "白沙镇人大", Level.TOWNSHIP, "320121100", "320121"),
    DemoCongress("meiling", "梅岭乡人大", Level.TOWNSHIP, "320121200", "320121"),
    DemoCongress("shimen", "石门镇人大", Level.TOWNSHIP, "320221100", "320221"),
    DemoCongress("chengguan", "城关街道人大工委", Level.SUBDISTRICT, "320221001", "320221"),
)

UNITS = (
    (OrganisationKind.CONGRESS, "人大办公室"),
    (OrganisationKind.GOVERNMENT, "住房和城乡建设局"),
    (OrganisationKind.GOVERNMENT, "交通运输局"),
    (OrganisationKind.SUPERVISION, "监察委员会"),
    (OrganisationKind.COURT, "人民法院"),
    (OrganisationKind.PROCURATORATE, "人民检察院"),
)

HANDLER_LOGINS = {
    OrganisationKind.CONGRESS: "bgs",
    OrganisationKind.GOVERNMENT: "gov",
    OrganisationKind.SUPERVISION: "jw",
    OrganisationKind.COURT: "fy",
    OrganisationKind.PROCURATORATE: "jc",
}

POSTS = (
    ("news", "常委会召开第十二次会议", "<p>会议听取和审议了关于民生实事项目实施情况的报告。</p>"),
    ("news", "代表走进联络站 倾听群众心声", "<p>本月，各级人大代表进站接待群众 36 人次，收集意见建议 21 条。</p>"),
    ("notice", "关于征求《物业管理条例（草案）》意见的公告", "<p>欢迎社会各界通过联络站或网上提出意见。</p>"),
)


# Courts, procuratorates and supervision commissions exist at county level and above.


@lru_cache(maxsize=1)
def password_hash() -> str:
    """The demo password, hashed once: a hundred demo accounts need not pay PBKDF2 each."""
    return make_password(DEMO_PASSWORD)


def _user(username: str, name: str, **extra) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = create_user(username=username, display_name=name, **extra)
        user.password = password_hash()
        user.save(update_fields=["password"])
    return user


def _units(level: str) -> list[tuple[str, str]]:
    # Courts, procuratorates and supervision commissions exist from county level up: identity's rule.
    allowed = kinds_for_level(level)
    return [(kind, name) for kind, name in UNITS if kind in allowed]


@transaction.atomic
def _people(congress: Congress, slug: str) -> list[tuple[str, str]]:
    logins = []
    units = {
        name: create_organisation_unit(congress=congress, kind=kind, name=name) for kind, name in _units(congress.level)
    }
    for role, prefix, label in (
        (Role.ADMINISTRATOR, "admin", "管理员"),
        (Role.LEADER, "leader", "领导"),
        (Role.STAFF, "staff", "工作人员"),
        (Role.DEPUTY_AFFAIRS, "daibiao", "代表工作"),
    ):
        user = _user(f"{prefix}_{slug}", f"{congress.name[:4]}{label}")
        add_membership(user=user, congress=congress, role=role)
        logins.append((user.username, label))
    for kind, name in _units(congress.level):
        prefix = HANDLER_LOGINS.get(kind)
        if prefix is None:
            continue
        if (kind == OrganisationKind.GOVERNMENT and name != "住房和城乡建设局") or name not in units:
            continue
        user = _user(f"{prefix}_{slug}", f"{name}承办人")
        add_membership(user=user, congress=congress, role=Role.HANDLER, organisation_unit=units[name])
        logins.append((user.username, f"承办人员（{name}）"))
    return logins


def _posts(congress: Congress) -> None:
    from tenant_apps.portal import services as portal

    with schema_context(congress.schema_name), transaction.atomic():
        for kind, title, body in POSTS:
            post = portal.save_post(title=f"{title}", body=body, kind=kind)
            portal.publish_post(post)
        portal.save_post(title="（草稿）年度代表履职培训安排", body="<p>待定稿。</p>", kind="notice")


def _posts_seeder(congress: Congress, slug: str) -> list[tuple[str, str]]:
    _posts(congress)
    return []


def _deputies_seeder(congress: Congress, slug: str) -> list[tuple[str, str]]:
    demo_deputies.seed_congress(congress, slug)
    return []


def _voices_seeder(congress: Congress, slug: str) -> list[tuple[str, str]]:
    return demo_voices.seed_congress(congress, slug, password_hash())


# What fills a new demo congress, in order: (congress, slug) -> the logins it created
# as (username, role). Add a module's demo content here.
Seeder = Callable[[Congress, str], list[tuple[str, str]]]
SEEDERS: list[Seeder] = [_people, _posts_seeder, _deputies_seeder, _voices_seeder]


def seed(port: int = 8000, log=print) -> list[tuple[str, str, str]]:
    """Create the demo province if it is not there yet. Returns (congress, username, role) rows
    of the accounts created now; :func:`logins` lists every demo account."""
    ensure_platform("localhost")
    operator = User.objects.filter(username="operator").first()
    if operator is None:
        operator = create_user(username="operator", display_name="省人大平台运营")
        operator.password, operator.is_staff = password_hash(), True
        operator.save(update_fields=["password", "is_staff"])
    rows = [("平台", "operator", "平台运营")]
    by_code: dict[str, Congress] = {}
    for node in TREE:
        existing = Congress.objects.filter(region_code=node.code).first()
        if existing:
            by_code[node.code] = existing
            continue
        log(f"  开通 {node.name} ({node.code}) …")
        congress = create_congress(
            name=node.name, level=node.level, region_code=node.code,
            parent=by_code.get(node.parent) if node.parent else None,
            domains=[f"{node.slug}.localhost"], is_demo=True,
            modules={code: {} for code in all_manifests()},
        )
        by_code[node.code] = congress
        for seeder in SEEDERS:
            rows += [(node.name, u, r) for u, r in seeder(congress, node.slug)]
    # One person, deputy at three levels: township, county and city.
    wang = _user("deputy_wang", "王代表（演示）")
    for code in ("320121100", "320121", "320100"):
        if code in by_code:
            demo_deputies.seat_person(wang, by_code[code])
    rows.append(("白沙镇、临江县、东湖市", "deputy_wang", "三级人大代表"))
    # Also on a database seeded before the second factor existed.
    admins = User.objects.filter(
        Q(pk=operator.pk)
        | Q(memberships__role=Role.ADMINISTRATOR, memberships__ended_at__isnull=True,
            memberships__congress__is_demo=True)
    ).distinct()
    for user in admins:
        _enrol_demo_device(user)
    return rows


# Login prefixes and roles of each demo congress, in the order the table shows them.
ROLE_LOGINS = (
    ("admin", "管理员"),
    ("leader", "领导"),
    ("staff", "工作人员"),
    ("daibiao", "代表工作"),
    ("rddb", "人大代表"),
    ("gov", "承办人员（住房和城乡建设局）"),
    ("bgs", "承办人员（人大办公室）"),
    ("jw", "承办人员（监察委员会）"),
    ("fy", "承办人员（人民法院）"),
    ("jc", "承办人员（人民检察院）"),
)
# One congress per level for the short table.
SHOWN = ("province", "donghu", "linjiang", "baisha", "hubin")


def place_name(congress_name: str) -> str:
    """东湖市人大常委会 -> 东湖市, 湖滨街道人大工委 -> 湖滨街道."""
    for suffix in ("人大常委会", "人大工委", "人大"):
        if congress_name.endswith(suffix):
            return congress_name.removesuffix(suffix)
    return congress_name


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    congress: str
    slug: str
    host: str


def logins(port: int = 8000) -> list[DemoLogin]:
    """Every demo account that exists, with the site to log in at."""
    rows = [DemoLogin("operator", "平台运营", "平台", "", f"http://localhost:{port}/")]
    for node in TREE:
        for prefix, role in ROLE_LOGINS:
            rows.append(DemoLogin(f"{prefix}_{node.slug}", role, node.name, node.slug,
                                  f"http://{node.slug}.localhost:{port}/"))
    rows.append(DemoLogin("deputy_wang", "三级人大代表（白沙镇、临江县、东湖市）", "白沙镇人大", "baisha",
                          f"http://baisha.localhost:{port}/"))
    existing = set(User.objects.filter(username__in=[r.username for r in rows]).values_list("username", flat=True))
    return [r for r in rows if r.username in existing]
