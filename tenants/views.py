"""The module switchboard page of a congress (administrators)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shared_apps.identity.access import capability_required

from . import services
from .models import ModuleSwitch
from .modules import all_manifests


@capability_required("tenants.manage_modules")
def modules(request: HttpRequest) -> HttpResponse:
    congress = request.tenant
    switches = {s.module: s for s in ModuleSwitch.objects.filter(congress=congress)}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        code = request.POST.get("module", "")
        enabled = request.POST.get("enabled") == "on"
        raw = request.POST.get("config", "").strip() or "{}"
        try:
            config = json.loads(raw)
            services.set_module(congress, code, enabled=enabled, config=config)
        except json.JSONDecodeError:
            errors[code] = [_("配置不是有效的 JSON。")]
        except ValidationError as exc:
            errors[code] = [m for ms in exc.message_dict.values() for m in ms]
        else:
            messages.success(request, _("模块设置已保存。"))
            return redirect("tenants:modules")
    rows = []
    for code, manifest in sorted(all_manifests().items()):
        switch = switches.get(code)
        config = manifest.shown_config(switch.config if switch else manifest.default_config)
        rows.append(
            {
                "manifest": manifest,
                "enabled": bool(switch and switch.enabled),
                "config": json.dumps(config, ensure_ascii=False, indent=2),
                "errors": errors.get(code, []),
                "secret_keys": sorted(manifest.secret_keys),
            }
        )
    return render(request, "tenants/modules.html", {"rows": rows}, status=400 if errors else 200)
