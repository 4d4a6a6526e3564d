from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.models import HostingMode
from tenants.modules import all_manifests
from tenants.regions import Level

LEVELS = [(v, label) for v, label in Level.choices if v != Level.PLATFORM]


class OnboardForm(forms.Form):
    """Onboard one congress: fill in the fields, or upload (or paste) a whole spec."""

    spec_file = forms.FileField(label=_("上传开通规格（YAML 或 JSON）"), required=False)
    spec_text = forms.CharField(
        label=_("或粘贴开通规格"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    level = forms.ChoiceField(label=_("层级"), choices=LEVELS, required=False)
    region_code = forms.CharField(label=_("行政区划代码"), max_length=12, required=False)
    parent = forms.CharField(label=_("上级人大区划代码"), max_length=12, required=False)
    hosting_mode = forms.ChoiceField(
        label=_("接入方式"), choices=HostingMode.choices, initial=HostingMode.HOSTED
    )
    domains = forms.CharField(
        label=_("域名（每行一个，第一个为主域名）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    modules = forms.MultipleChoiceField(
        label=_("开通模块"), required=False, widget=forms.CheckboxSelectMultiple
    )
    admin_username = forms.CharField(label=_("管理员用户名"), max_length=150, required=False)
    admin_display_name = forms.CharField(label=_("管理员姓名"), max_length=50, required=False)
    admin_phone = forms.CharField(label=_("管理员手机号"), max_length=20, required=False)
    admin_email = forms.EmailField(label=_("管理员邮箱"), max_length=254, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].choices = [
            (code, m.name) for code, m in sorted(all_manifests().items())
        ]

    def uploaded_spec(self) -> tuple[bytes, str] | None:
        upload = self.cleaned_data.get("spec_file")
        if upload:
            return upload.read(), upload.name
        text = (self.cleaned_data.get("spec_text") or "").strip()
        return (text.encode(), "pasted.yaml") if text else None

    def field_spec(self) -> dict:
        data = self.cleaned_data
        spec = {
            "name": data["name"],
            "level": data["level"],
            "region_code": data["region_code"].strip(),
            "parent": data["parent"].strip() or None,
            "hosting_mode": data["hosting_mode"],
            "domains": [d.strip() for d in data["domains"].splitlines() if d.strip()],
            "modules": {code: {} for code in data["modules"]},
        }
        person = {
            k: data[f"admin_{k}"].strip()
            for k in ("username", "display_name", "phone", "email")
            if data[f"admin_{k}"].strip()
        }
        if person:
            spec["administrators"] = [person]
        return spec


class BulkForm(forms.Form):
    file = forms.FileField(label=_("CSV 或 Excel 文件"))
    name = forms.CharField(label=_("批次名称"), max_length=200, required=False)


class DropForm(forms.Form):
    confirm = forms.CharField(label=_("输入区划代码以确认删除"), max_length=12)
