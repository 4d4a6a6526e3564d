"""System check: every event a module's manifest names is declared in the catalog."""

from django.core.checks import Error, register

from . import catalog


@register()
def manifest_events_declared(app_configs, **kwargs):
    from tenants.modules import all_manifests

    known = catalog.names()
    return [
        Error(
            f"module {manifest.code!r} names event {name!r}, which no events.py declares",
            id="bus.E001",
        )
        for manifest in all_manifests().values()
        for name in manifest.events
        if name not in known
    ]
