"""Dashboard endpoints in the tenant isolation suite.

Drilling down outside one's own subtree (same hostname, another ``node``) is covered by
tests/isolation/test_dashboard_subtree.py.
"""

from tests.isolation.registry import Case

CASES = [
    Case("dashboard:overview"),
    Case("dashboard:export"),
    Case("api-dashboard:overview"),
]
