"""The module switchboard page of a congress (administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shared_apps.identity.access import capability_required

from . import services
from .configforms import ModuleConfigForm
from .models import ModuleSwitch
from .modules import all_manifests


@capability_required("tenants.manage_modules")
def modules(request: HttpRequest) -> HttpResponse:
    congress = request.tenant
    switches = {s.module: s for s in ModuleSwitch.objects.filter(congress=congress)}
    posted = request.POST.get("module", "") if request.method == "POST" else ""
    manifests = all_manifests()
    if request.method == "POST" and posted not in manifests:
        messages.error(request, _("未知模块：%(code)s") % {"code": posted})
        return redirect("tenants:modules")
    rows, failed = [], False
    for code, manifest in sorted(manifests.items()):
        switch = switches.get(code)
        stored = switch.config if switch else {}
        initial = {"enabled": bool(switch and switch.enabled)}
        if code == posted:
            form = ModuleConfigForm(manifest, stored, request.POST, initial=initial)
            if form.is_valid():
                try:
                    services.set_module(
                        congress, code, enabled=form.cleaned_data["enabled"], config=form.config()
                    )
                except ValidationError as exc:
                    for errors in exc.message_dict.values():
                        for error in errors:
                            form.add_error(None, error)
                else:
                    messages.success(request, _("%(name)s 的设置已保存。") % {"name": manifest.name})
                    return redirect("tenants:modules")
            failed = True
        else:
            form = ModuleConfigForm(manifest, stored, initial=initial)
        rows.append({"manifest": manifest, "enabled": initial["enabled"], "form": form, "open": code == posted})
    return render(request, "tenants/modules.html", {"rows": rows}, status=400 if failed else 200)
