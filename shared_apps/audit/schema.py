"""OpenAPI (drf-spectacular) descriptions of the audited authentication classes: the same
schemes as DRF's own session and token authentication."""

from drf_spectacular.authentication import SessionScheme, TokenScheme


class AuditedSessionScheme(SessionScheme):
    target_class = "shared_apps.audit.authentication.AuditedSessionAuthentication"


class AuditedTokenScheme(TokenScheme):
    target_class = "shared_apps.audit.authentication.AuditedTokenAuthentication"
