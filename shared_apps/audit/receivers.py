"""The registry's changes (tenants.hooks) in the audit trail: module switches, module
configuration and congress status. Configuration values are not copied (they can hold
secrets such as a webhook's): only which keys changed."""

from __future__ import annotations

from django.dispatch import receiver

from tenants import hooks

from .services import record


@receiver(hooks.module_changed)
def _module_changed(sender, congress, module: str, enabled: bool, was_enabled, changed_keys, **kwargs) -> None:
    data = {"module": module, "config_keys": changed_keys}
    if was_enabled is None or was_enabled != enabled:
        record("tenants.module_enabled" if enabled else "tenants.module_disabled", congress, data, congress=congress)
    elif changed_keys:
        record("tenants.module_configured", congress, data, congress=congress)


@receiver(hooks.status_changed)
def _status_changed(sender, congress, previous: str, status: str, **kwargs) -> None:
    if previous != status:
        record("tenants.status_changed", congress, {"from": previous, "to": status}, congress=congress)
