"""The default category taxonomy (after the seeds: 求助, 建议, 咨询, 感谢, 其他) and the seeder."""

from __future__ import annotations

from django.db import transaction

from . import cached
from .models import Category, DeadlineUnit

# (code, name, deadline amount, unit, subcategories). Consultations: answered within 24 hours
# (Zhushan's "咨询类诉求24小时内答复").
DEFAULTS = (
    (
        "help",
        "求助",
        5,
        DeadlineUnit.WORKING_DAYS,
        ("市政设施", "环境卫生", "邻里纠纷", "社会保障"),
    ),
    ("suggestion", "建议", 10, DeadlineUnit.WORKING_DAYS, ("城市建设", "教育医疗", "交通出行")),
    ("consultation", "咨询", 24, DeadlineUnit.HOURS, ("政策咨询", "办事指引")),
    ("thanks", "感谢", 5, DeadlineUnit.WORKING_DAYS, ()),
    ("other", "其他", 5, DeadlineUnit.WORKING_DAYS, ()),
)


_ENSURED: set[str] = set()


def ensure_defaults() -> None:
    """A congress without categories gets the defaults, once (schemas are cloned from an empty
    template, and a congress made without a provisioning spec has no `seed.voices`)."""
    from django.db import connection

    schema = connection.schema_name
    if schema in _ENSURED:
        return
    if Category.objects.exists():
        # Remembered only once seen from a later call, so a rolled-back creation is redone.
        _ENSURED.add(schema)
        return
    with transaction.atomic():
        create_defaults()


def by_code() -> dict[str, Category]:
    """Every category of this congress by code (cached: every submission looks one up)."""
    return cached.read_through("categories", lambda: {c.code: c for c in Category.objects.all()})


def submittable(code: str) -> Category | None:
    """The active top-level category ``code``, if any."""
    category = by_code().get(code)
    return category if category is not None and category.parent_id is None and category.is_active else None


def subcategory_of(category: Category, code: str) -> Category | None:
    sub = by_code().get(code)
    return sub if sub is not None and sub.parent_id == category.pk else None


def forget(**_kwargs) -> None:
    cached.forget("categories")


def create_defaults(category_model=Category) -> None:
    """The default taxonomy; existing codes are left as the congress edited them."""
    for position, (code, name, amount, unit, subs) in enumerate(DEFAULTS):
        parent, _created = category_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "deadline_amount": amount,
                "deadline_unit": unit,
                "position": position * 10,
            },
        )
        for index, sub in enumerate(subs):
            category_model.objects.get_or_create(
                code=f"{code}-{index + 1}",
                defaults={
                    "name": sub,
                    "parent": parent,
                    "deadline_amount": amount,
                    "deadline_unit": unit,
                    "position": index,
                },
            )


@transaction.atomic
def seed_categories(congress, data: dict) -> None:
    """Provisioning hook (`seed.voices`): the defaults, then the congress's own categories."""
    create_defaults()
    for position, spec in enumerate(data.get("categories", [])):
        parent, _created = Category.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "deadline_amount": spec.get("deadline_amount", 5),
                "deadline_unit": spec.get("deadline_unit", DeadlineUnit.WORKING_DAYS),
                "position": position * 10,
                "is_active": True,
                "parent": None,
            },
        )
        for index, sub in enumerate(spec.get("subcategories", [])):
            Category.objects.update_or_create(
                code=f"{spec['code']}-{index + 1}",
                defaults={
                    "name": sub,
                    "parent": parent,
                    "deadline_amount": parent.deadline_amount,
                    "deadline_unit": parent.deadline_unit,
                    "position": index,
                },
            )
