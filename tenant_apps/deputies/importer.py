"""Bulk import of the register from Excel (.xlsx), the way congress offices keep rosters.

``check`` is the dry run: every bad row with its number and a reason in Chinese. ``run``
imports all or nothing, and re-importing the same file changes nothing: a row is matched to
the deputy already on the register by roster code, else by mobile number (blind index).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from shared_apps.accounts import services as accounts
from shared_apps.audit.services import record
from shared_apps.bus.services import publish
from shared_apps.identity import selectors as identity_selectors
from shared_apps.identity.models import Membership, User
from shared_apps.identity.roles import Role
from shared_apps.identity.services import offer_seat, personless_usernames, trusted_without_consent
from shared_apps.privacy.masking import blind_indexes
from shared_apps.web import xlsx

from . import services
from .context import current_congress
from .models import (
    Constituency,
    DelegationGroup,
    Deputy,
    DeputyLevel,
    Gender,
    Occupation,
    Party,
    Seat,
    Term,
)

MAX_ROWS = 50_000


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False
    width: int = 14
    choices: tuple[str, ...] = ()


COLUMNS = (
    Column("roster_code", "代表编号", width=12),
    Column("name", "姓名", required=True, width=10),
    Column("gender", "性别", width=6, choices=tuple(str(label) for label in Gender.labels)),
    Column("ethnicity", "民族", width=8),
    Column("birth_year", "出生年份", width=10),
    Column("party", "政治面貌", width=12, choices=tuple(str(label) for label in Party.labels)),
    Column("occupation", "职业类别", width=14, choices=tuple(str(label) for label in Occupation.labels)),
    Column("position", "工作单位及职务", width=28),
    Column("level", "代表层级", width=16, choices=tuple(str(label) for label in DeputyLevel.labels)),
    Column("term", "届次", width=6),
    Column("constituency", "选区", width=16),
    Column("group", "代表小组", width=16),
    Column("mobile", "手机号", required=True, width=14),
    Column("email", "电子邮箱", width=20),
    Column("address", "通讯地址", width=28),
    Column("registered_on", "当选日期", required=True, width=12),
)
BY_LABEL = {c.label: c for c in COLUMNS}

_ALIASES = {
    "gender": {str(label): value for value, label in Gender.choices},
    "party": {str(label): value for value, label in Party.choices}
    | {
        "中国共产党": Party.CPC,
        "共产党员": Party.CPC,
        "中共预备党员": Party.CPC,
        "无党派": Party.NON_PARTY,
        "九三学社": Party.JIUSAN,
        "民革": Party.RCCK,
        "民盟": Party.CDL,
        "民建": Party.CNDCA,
        "民进": Party.CAPD,
        "农工党": Party.PWDP,
        "致公党": Party.ZGD,
        "台盟": Party.TDSL,
    },
    "occupation": {str(label): value for value, label in Occupation.choices},
    "level": {str(label): value for value, label in DeputyLevel.choices}
    | {
        "全国": DeputyLevel.NATIONAL,
        "省": DeputyLevel.PROVINCE,
        "省级": DeputyLevel.PROVINCE,
        "市": DeputyLevel.CITY,
        "市级": DeputyLevel.CITY,
        "县": DeputyLevel.COUNTY,
        "县级": DeputyLevel.COUNTY,
        "区": DeputyLevel.COUNTY,
        "乡镇": DeputyLevel.TOWNSHIP,
        "乡": DeputyLevel.TOWNSHIP,
        "镇": DeputyLevel.TOWNSHIP,
    },
}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class RowError:
    row: int
    column: str
    reason: str


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0


class ImportRejected(ValidationError):
    """The file has bad rows: nothing was imported."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(_("导入文件有 %(n)s 处错误，未导入任何数据。") % {"n": len(report.errors)})


# The template ----------------------------------------------------------------------------------


def template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "代表名册"
    header_fill = PatternFill("solid", fgColor="C8102E")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.label + ("*" if column.required else ""))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        sheet.column_dimensions[cell.column_letter].width = column.width
        if column.choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
            rule.error = _("请从下拉列表中选择")
            sheet.add_data_validation(rule)
            rule.add(f"{cell.column_letter}2:{cell.column_letter}{MAX_ROWS + 1}")
    sheet.freeze_panes = "A2"
    example = [
        "",
        "张三",
        "男",
        "汉族",
        1975,
        "中共党员",
        "农民",
        "某村党支部书记",
        "县（区）人大代表",
        "",
        "第一选区",
        "第一代表小组",
        "13800000000",
        "",
        "",
        "2021-10-01",
    ]
    for index, value in enumerate(example, start=1):
        sheet.cell(row=2, column=index, value=value).font = Font(color="888888", italic=True)
    notes = workbook.create_sheet("填写说明")
    lines = [
        "第一行是列名，请勿修改；从第二行起每行一位代表（示例行请删除）。带 * 的列必填。",
        "代表编号：选填；填写后以编号识别代表，未填写时以手机号识别。同一文件重复导入不会产生重复数据。",
        "出生年份：四位数字，如 1975。当选日期：如 2021-10-01。",
        "届次：数字，如 18（须已在系统中建立）；留空表示当前届次。选区、代表小组不存在时自动建立。",
        "手机号只用于联系代表和登录，系统加密保存，页面上对无权限人员打码显示。",
    ]
    for column in COLUMNS:
        if column.choices:
            lines.append(f"{column.label}可选：" + "、".join(column.choices))
    for row, line in enumerate(lines, start=1):
        notes.cell(row=row, column=1, value=line)
    notes.column_dimensions["A"].width = 110
    return xlsx.to_bytes(workbook)


# Reading and checking --------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(_text(value))
    if not match:
        raise ValueError
    return dt.date(*(int(part) for part in match.groups()))


def _rows(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any]] | RowError]:
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(_("文件不是有效的 Excel（.xlsx）文件。")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(h).rstrip("*") for h in next(rows, ())]
    keys = [BY_LABEL[h].key if h in BY_LABEL else None for h in header]
    missing = [c.label for c in COLUMNS if c.required and c.key not in keys]
    if missing:
        workbook.close()
        raise ValidationError(_("缺少必填列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)})
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            yield RowError(number, "", _("一次最多导入 %(n)s 行。") % {"n": MAX_ROWS})
            break
        if not any(_text(v) for v in values):
            continue
        yield number, {key: value for key, value in zip(keys, values, strict=False) if key}
    workbook.close()


@dataclass
class Lookups:
    terms: dict[int, Term]
    current_term: Term | None
    constituencies: dict[str, Constituency]
    groups: dict[tuple[str, int | None], DelegationGroup]

    @classmethod
    def load(cls) -> Lookups:
        terms = {t.number: t for t in Term.objects.all()}
        current = next((t for t in sorted(terms.values(), key=lambda t: -t.number) if t.ended_on is None), None)
        return cls(
            terms=terms,
            current_term=current,
            constituencies={c.name: c for c in Constituency.objects.all()},
            groups={(g.name, g.term_id): g for g in DelegationGroup.objects.all()},
        )


def _parse(number: int, raw: dict[str, Any], lookups: Lookups, errors: list[RowError]) -> dict[str, Any] | None:
    before = len(errors)

    def bad(key: str, reason: str) -> None:
        label = next(c.label for c in COLUMNS if c.key == key)
        errors.append(RowError(number, label, reason))

    row: dict[str, Any] = {}
    for column in COLUMNS:
        text = _text(raw.get(column.key))
        if column.required and not text:
            bad(column.key, _("%(col)s不能为空") % {"col": column.label})
        row[column.key] = text
    for key in ("gender", "party", "occupation", "level"):
        if row[key]:
            value = _ALIASES[key].get(row[key])
            if value is None:
                bad(key, _("“%(v)s”不是有效的%(col)s") % {"v": row[key], "col": BY_KEY[key].label})
            row[key] = value or ""
    if row["birth_year"]:
        try:
            row["birth_year"] = int(row["birth_year"])
            if not 1900 <= row["birth_year"] <= timezone.localdate().year - 18:
                raise ValueError
        except ValueError:
            bad("birth_year", _("出生年份应为四位年份，且代表须年满十八周岁"))
    else:
        row["birth_year"] = None
    if row["mobile"]:
        try:
            row["mobile"] = services.clean_mobile(row["mobile"])
        except ValidationError:
            bad("mobile", _("手机号“%(v)s”无效，应为 11 位数字") % {"v": row["mobile"]})
    if row["email"] and not _EMAIL.match(row["email"]):
        bad("email", _("电子邮箱格式不正确"))
    if row["registered_on"]:
        try:
            row["registered_on"] = _date(raw.get("registered_on"))
            if row["registered_on"] > timezone.localdate():
                bad("registered_on", _("当选日期不能晚于今天"))
        except ValueError:
            bad(
                "registered_on",
                _("当选日期“%(v)s”无法识别，请写成 2021-10-01") % {"v": row["registered_on"]},
            )
    if row["term"]:
        try:
            row["term"] = lookups.terms[int(row["term"])]
        except (ValueError, KeyError):
            bad("term", _("届次“%(v)s”不存在，请先在系统中建立届次") % {"v": row["term"]})
    else:
        row["term"] = lookups.current_term
    for key, limit in (
        ("name", 50),
        ("ethnicity", 20),
        ("position", 200),
        ("roster_code", 40),
        ("address", 200),
        ("email", 120),
        ("constituency", 100),
        ("group", 100),
    ):
        if isinstance(row[key], str) and len(row[key]) > limit:
            bad(key, _("内容过长（最多 %(n)s 字）") % {"n": limit})
    row["level"] = row["level"] or services.default_level()
    row["roster_code"] = row["roster_code"] or None
    return row if len(errors) == before else None


BY_KEY = {c.key: c for c in COLUMNS}


def check(stream: IO[bytes]) -> tuple[Report, list[tuple[int, dict[str, Any]]]]:
    """The dry run: parse and validate every row; nothing is written."""
    report = Report()
    lookups = Lookups.load()
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen_codes: dict[str, int] = {}
    seen_mobiles: dict[str, int] = {}
    for item in _rows(stream):
        if isinstance(item, RowError):
            report.errors.append(item)
            continue
        number, raw = item
        report.rows += 1
        row = _parse(number, raw, lookups, report.errors)
        if row is None:
            continue
        for key, seen, label in (
            ("roster_code", seen_codes, "代表编号"),
            ("mobile", seen_mobiles, "手机号"),
        ):
            value = row[key]
            if value and value in seen:
                report.errors.append(RowError(number, label, _("与第 %(n)s 行重复") % {"n": seen[value]}))
                row = None
                break
            if value:
                seen[value] = number
        if row is not None:
            parsed.append((number, row))
    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(2, "", _("文件中没有数据行")))
    _classify(report, parsed)
    return report, parsed


def _existing(
    parsed: list[tuple[int, dict[str, Any]]],
) -> tuple[dict[str, Deputy], dict[str, Deputy]]:
    codes = [row["roster_code"] for _n, row in parsed if row["roster_code"]]
    # Every key version of the index: a rotation in progress must not create duplicates.
    indexes = [index for _n, row in parsed for index in blind_indexes(row["mobile"])]
    by_code: dict[str, Deputy] = {}
    by_index: dict[str, Deputy] = {}
    for start in range(0, max(len(codes), len(indexes)), 2000):
        for deputy in Deputy.objects.filter(roster_code__in=codes[start : start + 2000]).select_related(
            "term", "constituency", "group"
        ):
            by_code[deputy.roster_code] = deputy
        for deputy in (
            Deputy.objects.in_office()
            .filter(mobile_index__in=indexes[start : start + 2000])
            .select_related("term", "constituency", "group")
        ):
            by_index[deputy.mobile_index] = deputy
    return by_code, by_index


def _match(row: dict[str, Any], by_code: dict[str, Deputy], by_index: dict[str, Deputy]) -> Deputy | None:
    if row["roster_code"] and row["roster_code"] in by_code:
        return by_code[row["roster_code"]]
    return next((by_index[i] for i in blind_indexes(row["mobile"]) if i in by_index), None)


def _differences(deputy: Deputy, row: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for key in services.REGISTER_FIELDS:
        if key not in row or key in ("biography",):
            continue
        if key in ("constituency", "group"):
            current = getattr(deputy, key)
            if (current.name if current else "") != row[key]:
                changes[key] = row[key]
        elif (getattr(deputy, key) or "") != (row[key] or ""):
            changes[key] = row[key]
    return changes


def _classify(report: Report, parsed: list[tuple[int, dict[str, Any]]]) -> None:
    by_code, by_index = _existing(parsed)
    for number, row in parsed:
        deputy = _match(row, by_code, by_index)
        if deputy is None:
            report.created += 1
        elif _differences(deputy, row):
            report.updated += 1
        else:
            report.unchanged += 1
        if deputy is not None and deputy.left_on is not None:
            report.errors.append(RowError(number, "代表编号", _("该代表已离任，不能通过导入修改")))


# Importing ---------------------------------------------------------------------------------------


class _Named:
    """Electoral units and groups by name, created when the register lacks them (once per run)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[str, str, int | None], Any] = {}

    def __call__(self, kind: str, name: str, term: Term | None) -> Any:
        if not name:
            return None
        key = (kind, name, term.pk if term and kind == "group" else None)
        if key not in self.cache:
            if kind == "constituency":
                self.cache[key] = Constituency.objects.get_or_create(name=name)[0]
            else:
                self.cache[key] = DelegationGroup.objects.get_or_create(name=name, term=term)[0]
        return self.cache[key]


@transaction.atomic
def run(stream: IO[bytes], *, actor: User | None = None) -> Report:
    """Import every row or none: raises ImportRejected (nothing written) when any row is bad."""
    report, parsed = check(stream)
    if not report.ok:
        raise ImportRejected(report)
    by_code, by_index = _existing(parsed)
    named = _Named()
    new_rows: list[dict[str, Any]] = []
    for _number, row in parsed:
        deputy = _match(row, by_code, by_index)
        changes = _differences(deputy, row) if deputy else None
        if deputy is not None and not changes:
            continue
        for key in ("constituency", "group"):
            row[key] = named(key, row[key], row["term"])
        if deputy is None:
            new_rows.append(row)
        else:
            services.update_deputy(deputy, **{k: row[k] for k in changes})
    _create_many(new_rows, actor)
    if report.created or report.updated:
        # The run is about the register as a whole: the congress is its target.
        record(
            "deputies.imported",
            current_congress(),
            {"rows": report.rows, "created": report.created, "updated": report.updated},
        )
    return report


def _create_many(rows: list[dict[str, Any]], actor: User | None) -> None:
    """Bulk path: accounts, deputies, seats, `deputy` memberships; few statements a chunk.

    An existing account used in another congress gets a seat request instead of the link
    (identity's consent rule), unless an operator runs the import.
    """
    congress = current_congress()
    trusted = trusted_without_consent(actor)
    for start in range(0, len(rows), 2000):
        chunk = rows[start : start + 2000]
        mobiles = [row["mobile"] for row in chunk]
        users = identity_selectors.users_by_phones(mobiles)
        elsewhere = {} if trusted else identity_selectors.congresses_elsewhere([u.pk for u in users.values()], congress)
        missing = [row for row in chunk if row["mobile"] not in users]
        # Usernames are random: the mobile stays encrypted, never part of a name.
        fresh = [
            User(username=username, display_name=row["name"], phone=row["mobile"])
            for username, row in zip(personless_usernames(len(missing)), missing, strict=True)
        ]
        for user in fresh:
            user.set_unusable_password()
        User.objects.bulk_create(fresh, batch_size=1000)
        for user in fresh:  # PostgreSQL returns the new ids: each new account gets its invitation
            accounts.invite(user, congress=congress)
        users.update(identity_selectors.users_by_phones([u.phone for u in fresh]))
        taken = set(
            Deputy.objects.in_office().filter(user__in=[u.pk for u in users.values()]).values_list("user_id", flat=True)
        )
        deputies, asks = [], []
        for row in chunk:
            user = users[row["mobile"]]
            values = {k: row[k] for k in services.REGISTER_FIELDS if k in row}
            ask = user.pk not in taken and bool(elsewhere.get(user.pk))
            deputy = Deputy(user=None if user.pk in taken or ask else user, **values)
            deputies.append(deputy)
            if ask:
                asks.append((deputy, user))
        Deputy.objects.bulk_create(deputies, batch_size=1000)
        for deputy, user in asks:
            offer_seat(
                user=user, congress=congress, role=Role.DEPUTY, actor=actor,
                reference=services.seat_reference(deputy),
            )
        Seat.objects.bulk_create(
            [
                Seat(
                    deputy=d,
                    term=d.term,
                    constituency=d.constituency,
                    group=d.group,
                    started_on=d.registered_on,
                )
                for d in deputies
            ],
            batch_size=1000,
        )
        linked = [d.user_id for d in deputies if d.user_id]
        has_role = set(
            Membership.objects.active()
            .filter(user_id__in=linked, congress=congress, role=Role.DEPUTY)
            .values_list("user_id", flat=True)
        )
        Membership.objects.bulk_create(
            [Membership(user_id=uid, congress=congress, role=Role.DEPUTY) for uid in linked if uid not in has_role],
            batch_size=1000,
        )
        for deputy in deputies:
            publish("deputy.registered", services.registered_payload(deputy))
