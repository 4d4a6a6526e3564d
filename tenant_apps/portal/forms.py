from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PostKind


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("栏目"), choices=PostKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    summary = forms.CharField(label=_("摘要"), max_length=300, required=False)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 12}))
    cover = forms.FileField(label=_("封面图"), required=False)
