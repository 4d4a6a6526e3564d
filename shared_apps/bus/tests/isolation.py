"""Platform-site bus URLs in the isolation suite: operator pages refuse congress staff."""

from tests.isolation.registry import Case

_PK = {"pk": 1}

CASES = [
    Case("bus:operations", site="platform"),
    Case("bus:failure", kwargs=lambda s: _PK, site="platform"),
    Case("bus:replay", method="post", kwargs=lambda s: _PK, site="platform"),
    Case("bus:keys", site="platform"),
    Case("bus:keys", method="post", data={"congress": "1"}, site="platform"),
    Case("bus:revoke", method="post", kwargs=lambda s: _PK, site="platform"),
]

EXEMPT = {
    "bus-catalog:page": "the event catalog: schemas only, no data",
    "api-bus:catalog": "the event catalog as JSON: schemas only, no data",
    "api-bus:ingest": "HMAC-signed machine endpoint; keys, signatures and subtrees are tested in test_ingest.py",
}
