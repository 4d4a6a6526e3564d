"""The tenant spec: what a new congress gets, and every problem with it, each at its path.

A spec is a mapping (from YAML or JSON); see docs/provisioning.md for an example.
Validation runs against the registry and, for bulk onboarding, against the other specs
of the same batch, and reports every problem at once, so a spec with problems creates
nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import jsonschema
import yaml
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from shared_apps.identity.models import OrganisationKind, User
from shared_apps.identity.rules import kinds_for_level
from shared_apps.privacy.masking import normalise_phone
from tenants.models import Congress, CongressStatus, Domain, HostingMode
from tenants.modules import all_manifests
from tenants.regions import PARENT_LEVEL, Level, parent_level_errors, region_code_errors

HOSTNAME = (
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)

_PERSON = {
    "type": "object",
    "properties": {
        "username": {"type": "string", "minLength": 1, "maxLength": 150},
        "email": {"type": "string", "format": "email", "maxLength": 254},
        "phone": {"type": "string", "pattern": r"^\+?\d{5,20}$"},
        "display_name": {"type": "string", "maxLength": 50},
    },
    "anyOf": [{"required": ["username"]}, {"required": ["email"]}, {"required": ["phone"]}],
    "additionalProperties": False,
}

SPEC_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 100},
        "level": {"enum": [lv for lv in Level.values if lv != Level.PLATFORM]},
        "region_code": {"type": "string"},
        "parent": {"type": ["string", "null"]},
        "hosting_mode": {"enum": list(HostingMode.values)},
        "domains": {"type": "array", "items": {"type": "string", "pattern": HOSTNAME}},
        "modules": {"type": "object", "additionalProperties": {"type": "object"}},
        "administrators": {"type": "array", "items": _PERSON},
        "leaders": {"type": "array", "items": _PERSON},
        "units": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"enum": list(OrganisationKind.values)},
                    "name": {"type": "string", "minLength": 1, "maxLength": 100},
                },
                "required": ["kind", "name"],
                "additionalProperties": False,
            },
        },
        "seed": {"type": "object", "additionalProperties": {"type": "object"}},
    },
    "required": ["name", "level", "region_code"],
    "additionalProperties": False,
}

_VALIDATOR = jsonschema.Draft202012Validator(SPEC_SCHEMA, format_checker=jsonschema.FormatChecker())


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class SpecInvalid(ValidationError):
    """Every problem of a spec (or of a batch of specs), each at its path."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        grouped: dict[str, list[str]] = {}
        for problem in problems:
            grouped.setdefault(problem.path, []).append(problem.message)
        super().__init__(grouped)


def parse(text: str | bytes, filename: str = "") -> dict:
    """Read a spec from YAML or JSON text (JSON is YAML too, but its errors read better)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    try:
        data = json.loads(text) if filename.endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise SpecInvalid([Problem("(file)", _("无法解析开通规格：%(e)s") % {"e": exc})]) from exc
    if not isinstance(data, dict):
        raise SpecInvalid([Problem("(file)", _("开通规格必须是一个对象（键值映射）"))])
    return data


def normalise(spec: Mapping) -> dict:
    """Defaults filled in; codes and hostnames as strings, hostnames lower-case."""
    data = dict(spec)
    for key in ("region_code", "parent"):
        if isinstance(data.get(key), int):
            data[key] = str(data[key])
    data.setdefault("parent", None)
    data.setdefault("hosting_mode", HostingMode.HOSTED)
    data["domains"] = [str(d).strip().lower() for d in data.get("domains") or []]
    for key in ("modules", "seed"):
        data[key] = dict(data.get(key) or {})
    for key in ("administrators", "leaders", "units"):
        data[key] = list(data.get(key) or [])
    return data


def _path(prefix: str, parts: Iterable) -> str:
    text = prefix
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(root)"


def _structure_problems(spec: Mapping, prefix: str) -> list[Problem]:
    problems = []
    for error in sorted(
        _VALIDATOR.iter_errors(spec), key=lambda e: list(map(str, e.absolute_path))
    ):
        if (
            error.validator == "additionalProperties"
            and error.absolute_path == type(error.absolute_path)()
        ):
            extra = sorted(set(spec) - set(SPEC_SCHEMA["properties"]))
            problems += [Problem(_path(prefix, [k]), _("未知的字段")) for k in extra]
            continue
        if error.validator == "anyOf":
            message = _("须提供 username、email 或 phone 之一")
        elif error.validator == "required":
            message = _("缺少必填字段：%(f)s") % {"f": error.message.split("'")[1]}
        elif error.validator == "enum":
            message = _("取值 %(v)s 不在允许范围：%(a)s") % {
                "v": json.dumps(error.instance, ensure_ascii=False),
                "a": ", ".join(map(str, error.validator_value)),
            }
        elif error.validator == "pattern" and list(error.absolute_path)[:1] == ["domains"]:
            message = _("不是有效的域名：%(d)s") % {"d": error.instance}
        else:
            message = error.message
        problems.append(Problem(_path(prefix, error.absolute_path), message))
    return problems


@dataclass
class Context:
    """What validation checks against: the registry, and the other specs of a batch."""

    batch_codes: dict[str, str] | None = None  # region code -> level, for specs of the same batch
    batch_domains: dict[str, str] | None = None  # hostname -> region code claiming it
    own_congress_id: int | None = None  # when a job re-validates on resume


def validate(spec: Mapping, *, prefix: str = "", context: Context | None = None) -> list[Problem]:
    """Every problem of one (normalised) spec."""
    context = context or Context()
    problems = _structure_problems(spec, prefix)
    # Checks of a field whose structure is already wrong are skipped; the rest still run.
    structural = {p.path for p in problems}
    p = lambda *parts: _path(prefix, parts)  # noqa: E731

    level = spec.get("level")
    code = spec.get("region_code")
    parent_code = spec.get("parent")
    own = context.own_congress_id
    others = Congress.objects.exclude(pk=own) if own else Congress.objects.all()

    # The parent: by region code, in the registry or earlier in the same batch.
    parent_level = None
    if parent_code:
        found = others.filter(region_code=parent_code).values_list("level", "status").first()
        parent = found[0] if found else None
        in_batch = context.batch_codes is not None and parent_code in context.batch_codes
        if found and found[1] == CongressStatus.PROVISIONING and not in_batch:
            problems.append(
                Problem(p("parent"), _("上级人大 %(c)s 尚未开通完成") % {"c": parent_code})
            )
        if parent is None and context.batch_codes is not None:
            parent = context.batch_codes.get(parent_code)
        if parent is None:
            problems.append(Problem(p("parent"), _("上级人大 %(c)s 不存在") % {"c": parent_code}))
        parent_level = parent
    if isinstance(level, str) and level in PARENT_LEVEL and p("level") not in structural:
        if parent_code is None or parent_level is not None:
            problems += [Problem(p("parent"), m) for m in parent_level_errors(level, parent_level)]
        if isinstance(code, str):
            problems += [
                Problem(p("region_code"), m)
                for m in region_code_errors(code, level, parent_code if parent_level else None)
            ]
    if (
        isinstance(code, str)
        and code
        and others.filter(Q(region_code=code) | Q(schema_name=f"c_{code}")).exists()
    ):
        problems.append(
            Problem(p("region_code"), _("区划代码 %(c)s 已有人大使用") % {"c": code})
        )

    # Hostnames: unused, not twice in the spec, not claimed by another spec of the batch.
    domains = spec.get("domains") or []
    if isinstance(domains, list):
        seen: set[str] = set()
        taken = set(
            Domain.objects.filter(domain__in=[d for d in domains if isinstance(d, str)])
            .exclude(tenant_id=own)
            .values_list("domain", flat=True)
        )
        for index, hostname in enumerate(domains):
            if hostname in seen:
                problems.append(
                    Problem(p("domains", index), _("域名 %(d)s 重复") % {"d": hostname})
                )
            seen.add(hostname)
            if hostname in taken:
                problems.append(
                    Problem(p("domains", index), _("域名 %(d)s 已被占用") % {"d": hostname})
                )
            claimant = (context.batch_domains or {}).get(hostname)
            if claimant is not None and claimant != code:
                problems.append(
                    Problem(
                        p("domains", index),
                        _("域名 %(d)s 已由 %(c)s 使用") % {"d": hostname, "c": claimant},
                    )
                )
        if spec.get("hosting_mode") != HostingMode.CONNECTED and not domains:
            problems.append(Problem(p("domains"), _("托管的人大至少需要一个域名")))

    # Modules and their configuration.
    manifests = all_manifests()
    modules = spec.get("modules") or {}
    if isinstance(modules, dict):
        if modules and spec.get("hosting_mode") == HostingMode.CONNECTED:
            problems.append(Problem(p("modules"), _("自建接入的人大不在本平台开通模块")))
        for module_code, config in modules.items():
            manifest = manifests.get(module_code)
            if manifest is None:
                problems.append(
                    Problem(p("modules", module_code), _("未知模块：%(m)s") % {"m": module_code})
                )
                continue
            if isinstance(config, dict):
                merged = {**manifest.default_config, **config}
                problems += [
                    Problem(p("modules", module_code, "config"), _("配置无效：%(e)s") % {"e": e})
                    for e in manifest.config_errors(merged)
                ]

    # Seed data: only for modules switched on here, checked against the module's seed schema.
    seed = spec.get("seed") or {}
    if isinstance(seed, dict):
        for module_code, data in seed.items():
            manifest = manifests.get(module_code)
            if manifest is None:
                problems.append(
                    Problem(p("seed", module_code), _("未知模块：%(m)s") % {"m": module_code})
                )
                continue
            if module_code not in modules:
                problems.append(Problem(p("seed", module_code), _("只能为开通的模块提供初始数据")))
            if manifest.seeder is None:
                problems.append(Problem(p("seed", module_code), _("该模块不接受初始数据")))
                continue
            validator = jsonschema.Draft202012Validator(dict(manifest.seed_schema))
            for error in validator.iter_errors(data):
                problems.append(
                    Problem(_path(p("seed", module_code), error.absolute_path), error.message)
                )

    # Organisation units: names are unique within a congress.
    units = spec.get("units") or []
    if isinstance(units, list):
        names: set[str] = set()
        for index, unit in enumerate(units):
            name = unit.get("name") if isinstance(unit, dict) else None
            if name in names:
                problems.append(
                    Problem(p("units", index, "name"), _("单位名称 %(n)s 重复") % {"n": name})
                )
            names.add(name)
            kind = unit.get("kind") if isinstance(unit, dict) else None
            if kind in OrganisationKind.values and kind not in kinds_for_level(spec.get("level", "")):
                problems.append(
                    Problem(
                        p("units", index, "kind"),
                        _("监察委员会、人民法院和人民检察院只设在县级及以上"),
                    )
                )

    # People: each entry finds at most one user, or names a username for a new one.
    for key in ("administrators", "leaders"):
        people = spec.get(key) or []
        if not isinstance(people, list):
            continue
        for index, person in enumerate(people):
            if not isinstance(person, dict) or p(key, index) in structural:
                continue
            try:
                user = match_user(person)
            except ValidationError as exc:
                problems.append(Problem(p(key, index), exc.messages[0]))
                continue
            if user is None and not person.get("username"):
                problems.append(
                    Problem(p(key, index, "username"), _("找不到该用户；新建用户必须提供 username"))
                )
            if user is None:
                problems += _contact_problems(person, p(key, index))
    return problems


def _contact_problems(person: Mapping, where: str) -> list[Problem]:
    """A new account is invited to set its password: by e-mail, else by SMS to a mainland mobile."""
    if person.get("email"):
        return []
    phone = normalise_phone(person.get("phone") or "")
    if not phone:
        return [Problem(where, _("新建用户须提供 email 或 phone，用于发送设置密码的邀请"))]
    if len(phone) != 11 or not phone.startswith("1"):
        return [Problem(f"{where}.phone", _("手机号应为 11 位大陆手机号，用于发送设置密码的邀请短信"))]
    return []


def match_user(person: Mapping) -> User | None:
    """The existing user matched by username, email or phone; ValidationError if they disagree."""
    found: dict[int, User] = {}
    for field in ("username", "email", "phone"):
        value = person.get(field)
        if not value:
            continue
        lookup = {f"{field}__iexact": value} if field == "email" else {field: value}
        matches = list(User.objects.filter(**lookup)[:2])
        if len(matches) > 1:
            raise ValidationError(_("%(f)s %(v)s 对应多个用户") % {"f": field, "v": value})
        for user in matches:
            found[user.pk] = user
    if len(found) > 1:
        raise ValidationError(_("username、email、phone 分别对应不同的用户"))
    return next(iter(found.values()), None)


def check(spec: Mapping, *, context: Context | None = None) -> dict:
    """Normalise and validate one spec; raise SpecInvalid with every problem."""
    data = normalise(spec)
    problems = validate(data, context=context)
    if problems:
        raise SpecInvalid(problems)
    return data


def depth_of(level: str) -> int:
    order = [Level.PROVINCE, Level.CITY, Level.COUNTY]
    return order.index(level) if level in order else 3


REGION_CODE = re.compile(r"^\d{6}(\d{3}(\d{3})?)?$")
