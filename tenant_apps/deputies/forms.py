from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Constituency,
    DelegationGroup,
    Deputy,
    DeputyLevel,
    Gender,
    Occupation,
    Party,
    Term,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(f, initial) for f in files]


def _blank(choices):
    return [("", "—"), *choices]


class DeputyForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    roster_code = forms.CharField(label=_("代表编号"), max_length=40, required=False)
    gender = forms.ChoiceField(label=_("性别"), choices=_blank(Gender.choices), required=False)
    ethnicity = forms.CharField(label=_("民族"), max_length=20, required=False)
    birth_year = forms.IntegerField(label=_("出生年份"), required=False, min_value=1900)
    party = forms.ChoiceField(label=_("政治面貌"), choices=_blank(Party.choices), required=False)
    occupation = forms.ChoiceField(label=_("职业类别"), choices=_blank(Occupation.choices), required=False)
    position = forms.CharField(label=_("工作单位及职务"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("代表层级"), choices=DeputyLevel.choices)
    term = forms.ModelChoiceField(label=_("届次"), queryset=Term.objects.all(), required=False)
    constituency = forms.ModelChoiceField(label=_("选区"), queryset=Constituency.objects.all(), required=False)
    group = forms.ModelChoiceField(
        label=_("代表小组"), queryset=DelegationGroup.objects.filter(is_active=True), required=False
    )
    mobile = forms.CharField(label=_("手机号"), max_length=20, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通讯地址"), max_length=200, required=False)
    registered_on = forms.DateField(
        label=_("当选日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    biography = forms.CharField(label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(label=_("照片"), required=False)
    create_account = forms.BooleanField(
        label=_("按手机号关联（或建立）登录账号，授予代表角色"), required=False, initial=True
    )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("photo", "create_account"):
            data.pop(key, None)
        data["roster_code"] = data["roster_code"] or None
        return data


class LeaveForm(forms.Form):
    left_on = forms.DateField(
        label=_("离任日期"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    reason = forms.CharField(label=_("离任原因"), max_length=200, required=False)


class TermForm(forms.Form):
    number = forms.IntegerField(label=_("届次（数字）"), min_value=1, max_value=99)
    started_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    ended_on = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class GroupForm(forms.Form):
    name = forms.CharField(label=_("小组名称"), max_length=100)
    term = forms.ModelChoiceField(label=_("届次"), queryset=Term.objects.all(), required=False)
    description = forms.CharField(label=_("说明"), max_length=300, required=False)


class ConstituencyForm(forms.Form):
    name = forms.CharField(label=_("选区名称"), max_length=100)
    code = forms.CharField(label=_("编号"), max_length=30, required=False)


class DutyForm(forms.Form):
    duty_type = forms.ChoiceField(label=_("履职类型"))
    title = forms.CharField(label=_("标题"), max_length=200)
    occurred_on = forms.DateField(label=_("日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    description = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    participants = forms.ModelMultipleChoiceField(
        label=_("参加代表"),
        queryset=Deputy.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    attachments = MultipleImageField(label=_("照片"), required=False)

    def __init__(self, *args, types: dict, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty_type"].choices = [(code, t.name) for code, t in types.items()]
        self.fields["participants"].queryset = participants


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=300)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
