"""The provisioning pages and API live on the platform site and are for platform operators
only: congress administrators and leaders get 403 from every one of them."""

from tests.isolation.registry import Case


def _pk(seed):
    return {"pk": 1}


def _action(seed):
    return {"pk": 1, "action": "suspend"}


PAGES = [
    Case("provisioning:dashboard", site="platform"),
    Case("provisioning:new", site="platform"),
    Case("provisioning:new", method="post", data={"name": "x"}, site="platform"),
    Case("provisioning:job", kwargs=_pk, site="platform"),
    Case("provisioning:job-status", kwargs=_pk, site="platform"),
    Case("provisioning:job-retry", method="post", kwargs=_pk, site="platform"),
    Case("provisioning:job-rollback", method="post", kwargs=_pk, site="platform"),
    Case("provisioning:bulk", site="platform"),
    Case("provisioning:bulk", method="post", site="platform"),
    Case("provisioning:batch", kwargs=_pk, site="platform"),
    Case("provisioning:batch-status", kwargs=_pk, site="platform"),
    Case("provisioning:congresses", site="platform"),
    Case("provisioning:congress-action", method="post", kwargs=_action, site="platform"),
]

API = [
    Case("provisioning-api:job-list", site="platform"),
    Case("provisioning-api:job-list", method="post", data={"spec": "{}"}, site="platform"),
    Case("provisioning-api:job-detail", kwargs=_pk, site="platform"),
    Case("provisioning-api:job-retry", method="post", kwargs=_pk, site="platform"),
    Case("provisioning-api:job-rollback", method="post", kwargs=_pk, site="platform"),
    Case("provisioning-api:validate", method="post", data={"spec": "{}"}, site="platform"),
    Case("provisioning-api:rollout-plan", site="platform"),
    Case("provisioning-api:batch-list", site="platform"),
    Case("provisioning-api:batch-list", method="post", site="platform"),
    Case("provisioning-api:batch-detail", kwargs=_pk, site="platform"),
    Case("provisioning-api:congress-list", site="platform"),
    Case("provisioning-api:congress-detail", kwargs=_pk, site="platform"),
    *[
        Case(f"provisioning-api:congress-{action}", method="post", kwargs=_pk, site="platform")
        for action in ("suspend", "resume", "archive", "restore", "drop")
    ],
]

CASES = PAGES + API
