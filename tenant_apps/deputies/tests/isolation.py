"""Deputies endpoints in the tenant isolation suite."""

import datetime as dt

from tenant_apps.deputies import services
from tests.isolation.registry import Case


def SEED(world, key):
    term = services.create_term(number=18, started_on=dt.date(2021, 10, 1))
    group = services.create_group(name=f"{key}第一代表小组", term=term)
    constituency = services.create_constituency(name=f"{key}第一选区")
    mobile = f"139{abs(hash(key)) % 10**8:08d}"
    deputy = services.register_deputy(
        name=f"{key}代表甲",
        gender="female",
        birth_year=1970,
        party="cpc",
        term=term,
        group=group,
        constituency=constituency,
        registered_on=dt.date(2021, 10, 1),
        mobile=mobile,
        email=f"secret-{key.lower()}@example.cn",
        address=f"{key}机密路1号",
    )
    pending = services.record_duty(
        duty_type="inspection",
        title=f"待审-{key}-机密履职",
        occurred_on=dt.date(2024, 5, 6),
        participants=[deputy],
        entered_by="office",
    )
    verified = services.record_duty(
        duty_type="meeting",
        title=f"{key}参加人代会",
        occurred_on=dt.date(2024, 3, 1),
        participants=[deputy],
        entered_by="office",
    )
    services.verify_duty(verified, user_id=None)
    return {
        "deputy_id": deputy.pk,
        "term_id": term.pk,
        "record_id": pending.pk,
        "secrets": [pending.title, mobile, deputy.email, deputy.address],
        # Unmasked only for deputies.view_contacts (administrator, staff, deputy affairs).
        "masked": [mobile, deputy.email, deputy.address],
        # Listed only to office roles and the record's participants.
        "pending": [pending.title],
    }


def _deputy(seed):
    return {"pk": seed["deputy_id"]}


def _record(seed):
    return {"pk": seed["record_id"]}


def _year(seed):
    return {"pk": seed["deputy_id"], "scope": "year", "key": 2024}


def _term(seed):
    return {"pk": seed["deputy_id"], "scope": "term", "key": seed["term_id"]}


DEPUTY_DATA = {"name": "外来者", "level": "county", "registered_on": "2022-01-01"}
DUTY_DATA = {"duty_type": "meeting", "title": "x", "occurred_on": "2024-01-02"}


def _duty_data(seed):
    return {**DUTY_DATA, "participants": [seed["deputy_id"]]}

CASES = [
    # Public by design: in-office deputies and their verified records only.
    Case("deputies:public_list", public=True),
    Case("deputies:public_profile", kwargs=_deputy, public=True),
    Case("api-deputies:public-deputy-list", public=True),
    Case("api-deputies:public-deputy-detail", kwargs=_deputy, public=True),
    Case("deputies:register"),
    Case("deputies:create"),
    Case("deputies:create", method="post", data=DEPUTY_DATA, own_status=302, refused=("leader",)),
    Case("deputies:import"),
    Case("deputies:import", method="post", data={"token": "x"}, own_status=302),
    Case("deputies:import_template"),
    Case("deputies:export_excel"),
    Case("deputies:export_popolo"),
    Case("deputies:detail", kwargs=_deputy, masked_for=("leader",)),
    Case("deputies:edit", kwargs=_deputy),
    Case("deputies:edit", method="post", kwargs=_deputy, data=DEPUTY_DATA, own_status=302),
    Case("deputies:leave", method="post", kwargs=_deputy, data={"left_on": "2024-01-01"}, own_status=302),
    Case("deputies:structure"),
    Case(
        "deputies:structure_create",
        method="post",
        kwargs=lambda s: {"kind": "constituency"},
        data={"name": "外来选区"},
        own_status=302,
    ),
    Case("deputies:duties"),
    # Only deputies hold record_own_duty: the congress's administrator is refused too.
    Case("deputies:my_duties", own_status=403),
    Case("deputies:duty_create"),
    Case("deputies:duty_create", method="post", data=_duty_data, own_status=302, refused=("leader",)),
    # A pending record: the office and its participant see it, a deputy who is not in it does not.
    Case("deputies:duty_detail", kwargs=_record),
    Case("deputies:duty_edit", kwargs=_record, refused=("leader",)),
    Case("deputies:duty_edit", method="post", kwargs=_record, data=_duty_data, own_status=302, refused=("leader",)),
    Case(
        "deputies:duty_decide",
        method="post",
        kwargs=lambda s: {"pk": s["record_id"], "outcome": "verify"},
        rightful="deputy_affairs",
        own_status=302,
        refused=("administrator", "leader"),
    ),
    # Verification belongs to the deputy-affairs role alone.
    Case("deputies:verification", own_status=403),
    Case("deputies:archive", kwargs=_year, refused=("deputy",)),
    Case("deputies:archive", kwargs=_term),
    Case("deputies:archive_print", kwargs=_year),
    Case("deputies:archive_excel", kwargs=_term),
    Case("deputies:statistics"),
    Case("deputies:statistics_excel", kwargs=lambda s: {"kind": "ranking"}),
    Case("api-deputies:deputy-list"),
    Case("api-deputies:deputy-list", method="post", data=DEPUTY_DATA, own_status=201, refused=("leader",)),
    Case("api-deputies:deputy-detail", kwargs=_deputy, masked_for=("leader",)),
    Case("api-deputies:deputy-leave", method="post", kwargs=_deputy),
    Case("api-deputies:term-list"),
    Case("api-deputies:term-list", method="post", data={"number": 3, "started_on": "2000-01-01"}, own_status=201),
    Case("api-deputies:group-list"),
    Case("api-deputies:group-list", method="post", data={"name": "外来小组"}, own_status=201),
    Case("api-deputies:constituency-list"),
    Case("api-deputies:constituency-list", method="post", data={"name": "外来选区"}, own_status=201),
    # The congress's deputy (the voices seed's, not a participant) lists only their own records.
    Case("api-deputies:duty-record-list", masked_for=("deputy",), masked_key="pending"),
    Case("api-deputies:duty-record-list", method="post", data=_duty_data, own_status=201, refused=("leader",)),
    Case("api-deputies:duty-record-detail", kwargs=_record),
    Case("api-deputies:duty-record-detail", method="put", kwargs=_record, data=_duty_data, refused=("leader",)),
    Case("api-deputies:duty-record-verify", method="post", kwargs=_record, rightful="deputy_affairs",
         refused=("administrator", "leader")),
    Case("api-deputies:duty-record-reject", method="post", kwargs=_record, data={"reason": "x"},
         rightful="deputy_affairs", refused=("administrator", "leader")),
    Case("api-deputies:statistics"),
]
