"""Members and organisation units from Excel: template, dry run, all-or-nothing, idempotent.

One workbook, two sheets: 单位 (kind, name) and 成员 (name, phone, e-mail, role, unit). A person
is found by phone, else by e-mail (the same lookups as adding one person on the page); a row
that is already true (the unit exists, the person already has that role, or a seat request
waits for them) changes nothing, so re-running a file is harmless. Every read is one query
per sheet, every write one bulk statement per table: a city's ~700 accounts import in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from shared_apps.audit.services import record
from shared_apps.web import xlsx

from . import selectors, services
from .exports import unsafe_cell
from .models import Membership, OrganisationKind, OrganisationUnit, SeatRequest, SeatRequestStatus, User
from .roles import Role
from .rules import ASSIGNABLE_ROLES, kinds_for_level

MAX_ROWS = 5_000
UNITS_SHEET = "单位"
MEMBERS_SHEET = "成员"
UNIT_COLUMNS = (("kind", "类别", True), ("name", "名称", True))
MEMBER_COLUMNS = (
    ("name", "姓名", True),
    ("phone", "手机号", False),
    ("email", "电子邮箱", False),
    ("role", "角色", True),
    ("unit", "单位", False),
)

KIND_ALIASES = {str(label): value for value, label in OrganisationKind.choices} | {
    "人大": OrganisationKind.CONGRESS,
    "人大机关": OrganisationKind.CONGRESS,
    "政府": OrganisationKind.GOVERNMENT,
    "政府部门": OrganisationKind.GOVERNMENT,
    "监委": OrganisationKind.SUPERVISION,
    "监察委": OrganisationKind.SUPERVISION,
    "法院": OrganisationKind.COURT,
    "检察院": OrganisationKind.PROCURATORATE,
}
ROLE_ALIASES = {str(Role(value).label): value for value in ASSIGNABLE_ROLES} | {
    "承办人": Role.HANDLER,
    "承办单位人员": Role.HANDLER,
    "代表工作人员": Role.DEPUTY_AFFAIRS,
}


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    reason: str


@dataclass
class Report:
    unit_rows: int = 0
    member_rows: int = 0
    units_created: int = 0
    accounts_created: int = 0
    members_added: int = 0
    seats_pending: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.unit_rows + self.member_rows

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0

    @property
    def changes(self) -> int:
        return self.units_created + self.members_added + self.seats_pending

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "rows": self.rows,
            "units_created": self.units_created,
            "accounts_created": self.accounts_created,
            "members_added": self.members_added,
            "seats_pending": self.seats_pending,
            "unchanged": self.unchanged,
            "errors": [e.__dict__ for e in self.errors],
        }


class ImportRejected(ValidationError):
    """The file has bad rows: nothing was imported."""

    def __init__(self, report: Report):
        self.report = report
        super().__init__(_("导入文件有 %(n)s 处错误，未导入任何数据。") % {"n": len(report.errors)})


# The template ----------------------------------------------------------------------------------


def _header(sheet, columns) -> None:
    fill = PatternFill("solid", fgColor="C8102E")
    for index, (_key, label, required) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=label + ("*" if required else ""))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        sheet.column_dimensions[cell.column_letter].width = 22
    sheet.freeze_panes = "A2"


def _choices(sheet, column_letter: str, values: list[str]) -> None:
    rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    rule.error = _("请从下拉列表中选择")
    sheet.add_data_validation(rule)
    rule.add(f"{column_letter}2:{column_letter}{MAX_ROWS + 1}")


def workbook_for(congress) -> Workbook:
    """An empty workbook in the import layout, with the choices this congress's level allows."""
    workbook = Workbook()
    units = workbook.active
    units.title = UNITS_SHEET
    _header(units, UNIT_COLUMNS)
    _choices(units, "A", [str(OrganisationKind(k).label) for k in kinds_for_level(congress.level)])
    members = workbook.create_sheet(MEMBERS_SHEET)
    _header(members, MEMBER_COLUMNS)
    _choices(members, "D", [str(Role(r).label) for r in ASSIGNABLE_ROLES])
    return workbook


def template(congress) -> bytes:
    workbook = workbook_for(congress)
    notes = workbook.create_sheet("填写说明")
    kinds = "、".join(str(OrganisationKind(k).label) for k in kinds_for_level(congress.level))
    roles = "、".join(str(Role(r).label) for r in ASSIGNABLE_ROLES)
    lines = [
        _("“单位”表每行一个单位，“成员”表每行一个人的一个角色；第一行是列名，请勿修改。带 * 的列必填。"),
        _("单位类别可选：%(kinds)s。") % {"kinds": kinds},
        _("角色可选：%(roles)s。承办人员必须填写单位（本表或系统中已有的单位）。") % {"roles": roles},
        _("手机号和电子邮箱至少填一项，用于识别本人和发送账号邀请；已有账号的人不会重复建号。"),
        _("已在其他人大任职的人，须本人确认后才会加入本人大（导入结果中显示为“待本人确认”）。"),
        _("人大代表请在“代表名册”中导入。同一文件重复导入不会产生重复数据。"),
        _("示例：单位表“政府及部门 | 住房和城乡建设局”；成员表“张三 | 13800000000 | | 承办人员 | 住房和城乡建设局”。"),
    ]
    for row, line in enumerate(lines, start=1):
        notes.cell(row=row, column=1, value=line)
    notes.column_dimensions["A"].width = 110
    return xlsx.to_bytes(workbook)


# Reading ---------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unsafe_cell(str(value).strip())


def _sheet_rows(workbook, title: str, columns, errors: list[RowError]) -> Iterator[tuple[int, dict[str, str]]]:
    if title not in workbook.sheetnames:
        errors.append(RowError(title, 1, "", _("缺少“%(s)s”工作表，请使用下载的模板。") % {"s": title}))
        return
    rows = workbook[title].iter_rows(values_only=True)
    header = [_text(h).rstrip("*") for h in next(rows, ())]
    labels = {label: key for key, label, _required in columns}
    keys = [labels.get(h) for h in header]
    missing = [label for key, label, required in columns if required and key not in keys]
    if missing:
        errors.append(RowError(title, 1, "", _("缺少必填列：%(c)s。请使用下载的模板。") % {"c": "、".join(missing)}))
        return
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(RowError(title, number, "", _("每个工作表一次最多导入 %(n)s 行。") % {"n": MAX_ROWS}))
            return
        cells = {key: _text(v) for key, v in zip(keys, values, strict=False) if key}
        if any(cells.values()):
            yield number, cells


@dataclass
class _Plan:
    """What the file would change, worked out with a handful of queries."""

    new_units: list[tuple[str, str]] = field(default_factory=list)  # (kind, name)
    new_people: dict[str, dict[str, str]] = field(default_factory=dict)  # person key -> name/phone/email
    seats: list[tuple[str, str, str]] = field(default_factory=list)  # (person key, role, unit name)
    pending: list[tuple[User, str, str]] = field(default_factory=list)  # (user, role, unit name)
    users: dict[str, User] = field(default_factory=dict)  # person key -> existing account


def _check_units(rows, congress, existing: dict[str, OrganisationUnit], report: Report, plan: _Plan) -> set[str]:
    allowed = kinds_for_level(congress.level)
    seen: dict[str, int] = {}
    names: set[str] = set()
    for number, cells in rows:
        report.unit_rows += 1

        def bad(column: str, reason: str, number: int = number) -> None:
            report.errors.append(RowError(UNITS_SHEET, number, column, reason))

        kind = KIND_ALIASES.get(cells.get("kind", ""))
        name = cells.get("name", "")
        if not cells.get("kind"):
            bad("类别", _("类别不能为空"))
        elif kind is None:
            bad("类别", _("“%(v)s”不是有效的单位类别") % {"v": cells["kind"]})
        elif kind not in allowed:
            bad("类别", _("%(level)s人大没有“%(kind)s”（只设在县级及以上）")
                % {"level": congress.get_level_display(), "kind": OrganisationKind(kind).label})
        if not name:
            bad("名称", _("名称不能为空"))
        elif len(name) > 100:
            bad("名称", _("名称过长（最多 100 字）"))
        elif name in seen:
            bad("名称", _("与第 %(n)s 行重复") % {"n": seen[name]})
        if not name or kind is None or name in seen:
            continue
        seen[name] = number
        names.add(name)
        unit = existing.get(name)
        if unit is None:
            if kind in allowed:
                plan.new_units.append((kind, name))
                report.units_created += 1
        elif unit.kind != kind:
            bad("类别", _("单位“%(n)s”已存在，类别为“%(k)s”") % {"n": name, "k": unit.get_kind_display()})
        elif not unit.is_active:
            bad("名称", _("单位“%(n)s”已撤销，请先在单位管理中恢复") % {"n": name})
        else:
            report.unchanged += 1
    return names


def _person_key(phone: str, email: str) -> str:
    return f"p:{phone}" if phone else f"e:{email}"


def _check_members(rows, congress, actor, units: dict[str, OrganisationUnit], file_units: set[str],
                   report: Report, plan: _Plan) -> None:
    parsed = []
    for number, cells in rows:
        report.member_rows += 1
        before = len(report.errors)

        def bad(column: str, reason: str, number: int = number) -> None:
            report.errors.append(RowError(MEMBERS_SHEET, number, column, reason))

        name = cells.get("name", "")
        if not name:
            bad("姓名", _("姓名不能为空"))
        elif len(name) > 50:
            bad("姓名", _("姓名过长（最多 50 字）"))
        try:
            phone = services.clean_phone(cells.get("phone"))
        except ValidationError:
            bad("手机号", _("手机号“%(v)s”无效，应为 11 位数字") % {"v": cells.get("phone")})
            phone = ""
        try:
            email = services.clean_email(cells.get("email"))
        except ValidationError:
            bad("电子邮箱", _("电子邮箱“%(v)s”格式不正确") % {"v": cells.get("email")})
            email = ""
        if not cells.get("phone") and not cells.get("email"):
            bad("手机号", _("手机号和电子邮箱至少填写一项"))
        role_text = cells.get("role", "")
        role = ROLE_ALIASES.get(role_text)
        if not role_text:
            bad("角色", _("角色不能为空"))
        elif role_text in (str(Role.DEPUTY.label), "代表"):
            bad("角色", _("人大代表请在“代表名册”中导入"))
        elif role is None:
            bad("角色", _("“%(v)s”不是有效的角色") % {"v": role_text})
        unit_name = cells.get("unit", "")
        if role == Role.HANDLER:
            if not unit_name:
                bad("单位", _("承办人员必须填写单位"))
            elif unit_name not in file_units and unit_name not in units:
                bad("单位", _("单位“%(n)s”不存在，请在“单位”表中添加") % {"n": unit_name})
            elif unit_name in units and not units[unit_name].is_active:
                bad("单位", _("单位“%(n)s”已撤销") % {"n": unit_name})
        elif unit_name and role is not None:
            bad("单位", _("只有承办人员填写单位，%(r)s不属于单位") % {"r": Role(role).label})
        if len(report.errors) == before:
            parsed.append((number, name, phone, email, role, unit_name if role == Role.HANDLER else ""))
    _match_people(parsed, congress, actor, units, report, plan)


def _match_people(parsed, congress, actor, units, report: Report, plan: _Plan) -> None:
    by_phone = selectors.users_by_phones(p for _n, _name, p, _e, _r, _u in parsed if p)
    by_email = selectors.users_by_email(e for _n, _name, _p, e, _r, _u in parsed if e)
    seen: dict[tuple[str, str, str], int] = {}
    rows = []
    for number, name, phone, email, role, unit_name in parsed:
        one, other = by_phone.get(phone), by_email.get(email)
        if one and other and one.pk != other.pk:
            reason = _("手机号和电子邮箱分别属于两个不同的账号")
            report.errors.append(RowError(MEMBERS_SHEET, number, "电子邮箱", reason))
            continue
        user = one or other
        key = f"u:{user.pk}" if user else _person_key(phone, email)
        if (key, role, unit_name) in seen:
            reason = _("与第 %(n)s 行重复") % {"n": seen[key, role, unit_name]}
            report.errors.append(RowError(MEMBERS_SHEET, number, "姓名", reason))
            continue
        seen[key, role, unit_name] = number
        if user is not None:
            plan.users[key] = user
        else:
            plan.new_people.setdefault(key, {"name": name, "phone": phone, "email": email})
        rows.append((key, user, role, unit_name))
    user_ids = [u.pk for u in plan.users.values()]
    held = set(
        Membership.objects.active().filter(congress=congress, user_id__in=user_ids)
        .values_list("user_id", "role", "organisation_unit__name")
    )
    asked = set(
        SeatRequest.objects.filter(congress=congress, user_id__in=user_ids, status=SeatRequestStatus.PENDING)
        .values_list("user_id", "role", "organisation_unit__name")
    )
    trusted = services.trusted_without_consent(actor)
    elsewhere = {} if trusted else selectors.congresses_elsewhere(user_ids, congress)
    members_here = {user_id for user_id, _role, _unit in held}
    for key, user, role, unit_name in rows:
        seat = (getattr(user, "pk", None), role, unit_name or None)
        if user is not None and (seat in held or seat in asked):
            report.unchanged += 1
        elif user is not None and user.pk not in members_here and elsewhere.get(user.pk):
            plan.pending.append((user, role, unit_name))
            report.seats_pending += 1
        else:
            plan.seats.append((key, role, unit_name))
            report.members_added += 1
    report.accounts_created = len(plan.new_people)


def check(stream: IO[bytes], congress, *, actor: User | None = None) -> tuple[Report, _Plan]:
    """The dry run: every bad row with its reason, and what an import would change. Writes nothing."""
    report, plan = Report(), _Plan()
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(_("文件不是有效的 Excel（.xlsx）文件。")) from exc
    try:
        units = {u.name: u for u in OrganisationUnit.objects.filter(congress=congress)}
        unit_rows = list(_sheet_rows(workbook, UNITS_SHEET, UNIT_COLUMNS, report.errors))
        member_rows = list(_sheet_rows(workbook, MEMBERS_SHEET, MEMBER_COLUMNS, report.errors))
    finally:
        workbook.close()
    file_units = _check_units(unit_rows, congress, units, report, plan)
    _check_members(member_rows, congress, actor, units, file_units, report, plan)
    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(MEMBERS_SHEET, 2, "", _("文件中没有数据行")))
    return report, plan


# Importing -------------------------------------------------------------------------------------


@transaction.atomic
def run(stream: IO[bytes], congress, *, actor: User | None = None) -> Report:
    """Import every row or none: raises ImportRejected (nothing written) when any row is bad."""
    report, plan = check(stream, congress, actor=actor)
    if not report.ok:
        raise ImportRejected(report)
    if not report.changes:
        return report
    units = _create_units(congress, plan.new_units)
    people = _create_people(plan.new_people)
    people.update(plan.users)
    _create_memberships(congress, plan.seats, people, units)
    for user, role, unit_name in plan.pending:
        unit = units.get(unit_name)
        services.offer_seat(user=user, congress=congress, role=role, organisation_unit=unit, actor=actor)
    record("identity.members_imported", congress, {
        "rows": report.rows, "units_created": report.units_created, "accounts_created": report.accounts_created,
        "members_added": report.members_added, "seats_pending": report.seats_pending,
        "new_users": sorted(u.pk for k, u in people.items() if k in plan.new_people),
    }, congress=congress)
    services.invite_new_accounts([people[k] for k in plan.new_people], congress=congress, actor=actor)
    return report


def _create_units(congress, new_units: list[tuple[str, str]]) -> dict[str, OrganisationUnit]:
    groups = Group.objects.bulk_create([Group(name=services.group_name(congress, name)) for _k, name in new_units])
    OrganisationUnit.objects.bulk_create([
        OrganisationUnit(congress=congress, kind=kind, name=name, group=group)
        for (kind, name), group in zip(new_units, groups, strict=True)
    ])
    return {u.name: u for u in OrganisationUnit.objects.filter(congress=congress).select_related("group")}


def _create_people(new_people: dict[str, dict[str, str]]) -> dict[str, User]:
    unusable = make_password(None)  # the invitation sets the password
    pending = {key: User(
        username=services.new_username(), display_name=data["name"], phone=data["phone"] or None,
        email=data["email"], password=unusable,
    ) for key, data in new_people.items()}
    User.objects.bulk_create(pending.values(), batch_size=1000)
    return pending


def _create_memberships(congress, seats, people: dict[str, User], units: dict[str, OrganisationUnit]) -> None:
    Membership.objects.bulk_create([
        Membership(user=people[key], congress=congress, role=role, organisation_unit=units.get(unit_name))
        for key, role, unit_name in seats
    ], batch_size=1000)
    through = User.groups.through
    wanted = {(people[key].pk, units[unit_name].group_id) for key, _role, unit_name in seats if unit_name}
    have = set(through.objects.filter(user_id__in={u for u, _g in wanted}).values_list("user_id", "group_id"))
    through.objects.bulk_create([through(user_id=u, group_id=g) for u, g in wanted - have], batch_size=1000)


# Export ----------------------------------------------------------------------------------------


def export(congress) -> bytes:
    """Members and units in the import layout: exporting and importing again changes nothing."""
    workbook = workbook_for(congress)
    units_sheet, members_sheet = workbook[UNITS_SHEET], workbook[MEMBERS_SHEET]
    for unit in OrganisationUnit.objects.filter(congress=congress, is_active=True).order_by("kind", "name"):
        units_sheet.append([unit.get_kind_display(), unit.name])
    rows = (
        Membership.objects.active().filter(congress=congress, role__in=ASSIGNABLE_ROLES)
        .select_related("user", "organisation_unit").order_by("role", "user__display_name")
    )
    for m in rows:
        members_sheet.append([
            str(m.user), m.user.phone or "", m.user.email,
            str(m.get_role_display()), m.organisation_unit.name if m.organisation_unit else "",
        ])
    return xlsx.to_bytes(workbook)
