from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.deputies.models import Deputy

from .models import StationKind
from .selectors import WEEKDAYS


class StationForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=StationKind.choices)
    address = forms.CharField(label=_("地址"), max_length=200)
    latitude = forms.DecimalField(label=_("纬度"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("经度"), max_digits=9, decimal_places=6, required=False)
    opening_hours = forms.CharField(label=_("开放时间"), max_length=200, required=False)
    reception_days = forms.TypedMultipleChoiceField(
        label=_("接待日"),
        choices=list(WEEKDAYS.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reception_note = forms.CharField(label=_("接待安排说明"), max_length=200, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    opened_on = forms.DateField(label=_("启用日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)
    deputies = forms.ModelMultipleChoiceField(
        label=_("进站代表"),
        queryset=Deputy.objects.in_office(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
