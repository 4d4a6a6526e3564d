"""Signals the registry sends about its own changes, for apps above it (the audit trail).

``tenants`` imports nothing of ours; who listens is their business.
"""

from django.dispatch import Signal

# congress, module (code), enabled, was_enabled (None when new), changed_keys (config keys)
module_changed = Signal()
# congress, previous, status
status_changed = Signal()
