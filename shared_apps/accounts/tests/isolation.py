"""The account pages and API in the isolation suite.

Each congress gets a member whose account its own administrator manages; administrators and
leaders of every other congress get 403 or 404 on it, from any congress site. On the platform
site only platform operators act on accounts.
"""

from tests.isolation.registry import Case


def SEED(world, key: str) -> dict:
    from shared_apps.identity.roles import Role
    from shared_apps.identity.services import add_membership, create_user

    secret = f"acct-secret-{key}"
    user = create_user(
        username=f"acct_member_{key.lower()}", display_name=secret, email=f"{secret}@example.cn"
    )
    add_membership(user=user, congress=world.congresses[key], role=Role.STAFF)
    return {"user_id": user.pk, "secrets": [secret]}


def PLATFORM_SEED(world) -> dict:
    """A real account, invited and not yet activated, for the platform operator's controls."""
    from shared_apps.identity.roles import Role
    from shared_apps.identity.services import add_membership, create_user

    user = create_user(username="acct_platform_member", display_name="平台对照成员", email="acct-platform@example.cn")
    add_membership(user=user, congress=world.congresses["T2"], role=Role.STAFF)
    return {"user_id": user.pk}


def _member(seed: dict) -> dict:
    return {"user_id": seed["user_id"]}


def _action(action: str):
    return lambda seed: {"user_id": seed["user_id"], "action": action}


def _platform(seed: dict) -> dict:
    return {"user_id": seed["user_id"]}


ACTIONS = ("resend", "disable", "enable", "end-sessions")
API_ACTIONS = ("resend-invitation", "disable", "enable", "end-sessions")

# A page action redirects back to the account page (302); the API answers 200.
CASES = [
    Case("accounts:manage", kwargs=_member),
    *[Case("accounts:manage-action", method="post", kwargs=_action(a), own_status=302) for a in ACTIONS],
    Case("accounts-api:account", kwargs=_member),
    *[Case(f"accounts-api:{a}", method="post", kwargs=_member) for a in API_ACTIONS],
    Case("accounts:manage", kwargs=_platform, site="platform"),
    *[Case("accounts:manage-action", method="post", kwargs=_action(a), site="platform", own_status=302)
      for a in ACTIONS],
    Case("accounts-api:account", kwargs=_platform, site="platform"),
    *[Case(f"accounts-api:{a}", method="post", kwargs=_platform, site="platform") for a in API_ACTIONS],
]

EXEMPT = {
    "accounts:invitation": "redeems a single-use, expiring invitation token (hashed at rest)",
    "accounts:activate": "redeems an SMS invitation code, with limited attempts",
    "accounts:set-password": "acts only on the account of the link or code redeemed in this session",
    "accounts:password": "the logged-in user's own password",
    "accounts:reset": "asks for a reset; says the same whether or not the account exists",
    "accounts:reset-code": "redeems an SMS reset code, with limited attempts",
    "accounts:reset-link": "redeems a single-use, expiring reset token (hashed at rest)",
}
