from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _password_help() -> str:
    """The policy in one sentence, with the minimum length the settings configure."""
    lengths = [getattr(v, "min_length", 0) for v in password_validation.get_default_password_validators()]
    text = gettext(
        "至少 %(n)s 位，须包含大写字母、小写字母、数字、符号或汉字中的至少三类，且不能过于常见或与用户名相近。"
    )
    return text % {"n": max(lengths, default=0)}


def _password_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "class": "form-control"}),
    )


class SetPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": _("两次输入的密码不一致。")}

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"] = _password_field(_("新密码"))
        self.fields["new_password1"].help_text = _password_help()
        self.fields["new_password2"] = _password_field(_("再次输入新密码"))


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        "password_mismatch": _("两次输入的密码不一致。"),
        "password_incorrect": _("当前密码不正确，请重新输入。"),
    }

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["old_password"] = forms.CharField(
            label=_("当前密码"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "class": "form-control"}),
        )
        self.fields["new_password1"] = _password_field(_("新密码"))
        self.fields["new_password1"].help_text = _password_help()
        self.fields["new_password2"] = _password_field(_("再次输入新密码"))
        self.order_fields(["old_password", "new_password1", "new_password2"])


class ResetRequestForm(forms.Form):
    identifier = forms.CharField(
        label=_("邮箱或手机号"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "username"}),
    )


class CodeForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )


class ResendForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("发送方式"),
        required=False,
        choices=[("", _("自动（有邮箱发邮件，否则发短信）")), ("email", _("邮件链接")), ("sms", _("短信验证码"))],
    )
