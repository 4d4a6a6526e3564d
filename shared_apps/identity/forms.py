from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("用户名 / 手机号 / 邮箱"), max_length=150)
    password = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("该账号已停用。"),
    }


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{obj.get_kind_display()}）"


def _role_choices():
    from .roles import Role
    from .rules import ASSIGNABLE_ROLES

    return [(r.value, r.label) for r in Role if r in ASSIGNABLE_ROLES]


class _SeatFields(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=())
    organisation_unit = UnitChoiceField(
        label=_("单位（承办人员必选）"), queryset=None, required=False, empty_label=_("— 不属于单位 —")
    )

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import OrganisationUnit

        self.fields["role"].choices = _role_choices()
        self.fields["organisation_unit"].queryset = OrganisationUnit.objects.filter(
            congress=congress, is_active=True
        ).order_by("kind", "name")


class AddPersonForm(_SeatFields):
    display_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    field_order = ["display_name", "phone", "email", "role", "organisation_unit"]


class ChangeRoleForm(_SeatFields):
    pass


class UnitForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=())
    name = forms.CharField(label=_("名称"), max_length=100)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import OrganisationKind
        from .rules import kinds_for_level

        self.fields["kind"].choices = [(k.value, OrganisationKind(k).label) for k in kinds_for_level(congress.level)]


class RenameUnitForm(forms.Form):
    name = forms.CharField(label=_("新名称"), max_length=100)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("动态验证码"), max_length=8, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
