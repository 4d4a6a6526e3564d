"""Forms of the voices pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AgeBand, CommonProblem, Gender, Grade, Rating


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class VoiceForm(forms.Form):
    category = forms.ChoiceField(label=_("留言类别"))
    subcategory = forms.CharField(label=_("子类别"), required=False)
    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(label=_("具体情况和诉求"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    location = forms.CharField(label=_("地点（选填）"), max_length=200, required=False)
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    station = forms.CharField(required=False, widget=forms.HiddenInput)
    deputy = forms.CharField(label=_("收信代表"), required=False)
    name = forms.CharField(label=_("姓名（选填）"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    gender = forms.ChoiceField(label=_("性别（选填）"), choices=[("", "—"), *Gender.choices], required=False)
    age_band = forms.ChoiceField(label=_("年龄段（选填）"), choices=[("", "—"), *AgeBand.choices], required=False)
    consent = forms.BooleanField(label=_("我已阅读并同意《个人信息处理规则》"), required=False)
    captcha_key = forms.CharField(required=False, widget=forms.HiddenInput)
    captcha_value = forms.CharField(label=_("验证码"), required=False, max_length=10)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.code, c.name) for c in categories]
        for field in self.fields.values():
            if isinstance(field.widget, forms.TextInput | forms.Textarea):
                field.widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.TextInput | forms.Textarea):
                field.widget.attrs.setdefault("class", "form-control")
            elif isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "form-select")


class TrackForm(StyledForm):
    code = forms.CharField(label=_("查询码"), max_length=12)
    secret = forms.CharField(
        label=_("查询密钥"),
        max_length=20,
        help_text=_("提交留言时页面上显示的查询密钥；此前提交的留言可填写手机号后4位（只能查看，不能评价）。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    captcha_key = forms.CharField(required=False, widget=forms.HiddenInput)
    captcha_value = forms.CharField(label=_("验证码"), required=False, max_length=10)


class RateForm(StyledForm):
    rating = forms.ChoiceField(label=_("您对答复是否满意"), choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("评价意见（选填）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TextForm(StyledForm):
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ReplyForm(TextForm):
    grade = forms.ChoiceField(label=_("答复类型"), choices=Grade.choices)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class CommonProblemForm(StyledForm):
    kind = forms.ChoiceField(label=_("处理方式"), choices=CommonProblem.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label=_("问题摘要（不含个人信息）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )

    def __init__(self, *args, can_escalate: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_escalate:
            # No hosted parent congress: only the deputy-suggestion route is offered.
            self.fields["kind"].choices = [c for c in CommonProblem.choices if c[0] != CommonProblem.ESCALATION]
