"""Module settings as forms, generated from each manifest's configuration JSON Schema.

A property's ``title`` and ``description`` label its field. ``writeOnly: true`` marks a secret:
it is never rendered back, and an empty submission keeps the stored value (a tick on
"清除" removes it). Shapes the form cannot express as plain fields fall back to a JSON text
box for that one property, never for the whole configuration.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .modules import ModuleManifest

SEPARATOR = "|"
CLEAR_SUFFIX = "__clear"
KEY_SEPARATOR = "__"


def _types(prop: Mapping) -> set[str]:
    kind = prop.get("type")
    if isinstance(kind, list):
        return set(kind)
    return {kind} if kind else set()


def is_secret(prop: Mapping) -> bool:
    return bool(prop.get("writeOnly"))


def secret_keys(schema: Mapping) -> set[str]:
    return {name for name, prop in schema.get("properties", {}).items() if is_secret(prop)}


def redacted(manifest: ModuleManifest, config: Mapping) -> dict[str, Any]:
    """The configuration with every secret replaced by whether it is set: for display and APIs."""
    secrets = secret_keys(manifest.config_schema)
    return {k: (bool(v) if k in secrets else v) for k, v in config.items()}


class _LinesField(forms.CharField):
    """An array of scalars (or of flat objects), one item per line."""

    def __init__(self, *, item: Mapping, **kwargs: Any) -> None:
        self.item = item
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        lines = []
        for entry in value or []:
            if isinstance(entry, Mapping):
                lines.append(SEPARATOR.join(str(entry.get(k, "")) for k in self.item["properties"]))
            else:
                lines.append(str(entry))
        return "\n".join(lines)

    def to_python(self, value: Any) -> list:
        text = super().to_python(value) or ""
        items: list = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            if self.item.get("type") == "object":
                keys = list(self.item["properties"])
                parts = [p.strip() for p in line.split(SEPARATOR)]
                if len(parts) != len(keys):
                    message = _("第 %(n)d 行应有 %(k)d 项，用“%(sep)s”分隔。")
                    raise ValidationError(message % {"n": number, "k": len(keys), "sep": SEPARATOR})
                items.append(dict(zip(keys, parts, strict=True)))
            elif self.item.get("type") in ("integer", "number"):
                try:
                    items.append(int(line) if self.item["type"] == "integer" else float(line))
                except ValueError:
                    raise ValidationError(_("第 %(n)d 行不是数字。") % {"n": number}) from None
            else:
                items.append(line)
        return items


class _JSONField(forms.CharField):
    def prepare_value(self, value: Any) -> str:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, indent=2)

    def to_python(self, value: Any) -> Any:
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise ValidationError(_("不是有效的 JSON。")) from None


def _field(name: str, prop: Mapping, *, secret_set: bool) -> forms.Field:
    label = prop.get("title") or name
    help_text = prop.get("description", "")
    types = _types(prop)
    nullable = "null" in types
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": False}
    if is_secret(prop):
        placeholder = _("已设置，留空则不修改") if secret_set else _("未设置")
        return forms.CharField(
            widget=forms.PasswordInput(
                render_value=False, attrs={"placeholder": placeholder, "autocomplete": "new-password"}
            ),
            max_length=prop.get("maxLength"), **common,
        )
    if "enum" in prop:
        choices = [(v, v) for v in prop["enum"]]
        return forms.ChoiceField(choices=[("", "—"), *choices] if nullable else choices, **common)
    if "boolean" in types:
        return forms.BooleanField(**common)
    if "integer" in types:
        return forms.IntegerField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **common)
    if "number" in types:
        return forms.FloatField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **common)
    if "string" in types:
        return forms.CharField(max_length=prop.get("maxLength"), empty_value=None if nullable else "", **common)
    if "array" in types:
        item = prop.get("items", {})
        if "enum" in item:
            return forms.MultipleChoiceField(
                choices=[(v, v) for v in item["enum"]], widget=forms.CheckboxSelectMultiple, **common
            )
        flat_object = item.get("type") == "object" and all(
            _types(p) <= {"string", "integer", "number"} for p in item.get("properties", {}).values()
        )
        if item.get("type") in ("string", "integer", "number") or flat_object:
            if flat_object and not help_text:
                keys = SEPARATOR.join(str(p.get("title", k)) for k, p in item["properties"].items())
                common["help_text"] = _("每行一项：%(keys)s") % {"keys": keys}
            elif not help_text:
                common["help_text"] = gettext_lazy("每行一项。")
            return _LinesField(item=item, **common)
    return _JSONField(widget=forms.Textarea(attrs={"rows": 4, "class": "font-monospace"}), **common)


def _numeric_map(prop: Mapping) -> bool:
    """An object of numbers keyed by codes (e.g. points per duty type): one number field per key."""
    extra = prop.get("additionalProperties")
    return _types(prop) == {"object"} and isinstance(extra, Mapping) and _types(extra) <= {"integer", "number"}


class ModuleConfigForm(forms.Form):
    """The settings of one module for one congress."""

    def __init__(self, manifest: ModuleManifest, stored: Mapping, *args: Any, **kwargs: Any) -> None:
        self.manifest = manifest
        self.stored = {**manifest.default_config, **stored}
        kwargs.setdefault("prefix", manifest.code)
        super().__init__(*args, **kwargs)
        self.enabled_field = "enabled"
        self.fields["enabled"] = forms.BooleanField(label=_("启用"), required=False)
        self._maps: dict[str, list[str]] = {}
        for name, prop in manifest.config_schema.get("properties", {}).items():
            if _numeric_map(prop):
                keys = list(dict.fromkeys([*manifest.default_config.get(name, {}), *self.stored.get(name, {})]))
                titles = prop.get("x-key-titles", {})
                self._maps[name] = keys
                for key in keys:
                    field = forms.FloatField(
                        label=f"{prop.get('title', name)} · {titles.get(key, key)}", required=False,
                        min_value=prop["additionalProperties"].get("minimum"),
                        max_value=prop["additionalProperties"].get("maximum"),
                    )
                    self.fields[f"{name}{KEY_SEPARATOR}{key}"] = field
                    self.initial.setdefault(f"{name}{KEY_SEPARATOR}{key}", self.stored.get(name, {}).get(key))
                continue
            secret_set = bool(self.stored.get(name))
            self.fields[name] = _field(name, prop, secret_set=secret_set)
            if is_secret(prop):
                self.fields[name + CLEAR_SUFFIX] = forms.BooleanField(label=_("清除"), required=False)
            else:
                self.initial.setdefault(name, self.stored.get(name))
        for name, field in self.fields.items():
            widget = field.widget
            if name == "enabled" or isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css} form-control-sm".strip()

    def secret_fields(self) -> set[str]:
        return secret_keys(self.manifest.config_schema)

    def config(self) -> dict[str, Any]:
        """The configuration the submission asks for; call after ``is_valid()``."""
        data = self.cleaned_data
        config: dict[str, Any] = {}
        for name, prop in self.manifest.config_schema.get("properties", {}).items():
            if name in self._maps:
                config[name] = {
                    key: data[f"{name}{KEY_SEPARATOR}{key}"]
                    for key in self._maps[name]
                    if data.get(f"{name}{KEY_SEPARATOR}{key}") is not None
                }
                continue
            value = data.get(name)
            if is_secret(prop):
                if data.get(name + CLEAR_SUFFIX):
                    value = ""
                elif not value:
                    value = self.stored.get(name, "")
            elif name not in self.stored and value in (None, [], ""):
                continue  # never set and left empty: keep the module's own default behaviour
            elif value is None and "null" not in _types(prop):
                value = self.stored[name]
            config[name] = value
        return config

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        for message in self.manifest.config_errors({**self.manifest.default_config, **self.config()}):
            self.add_error(None, message)
        return cleaned

    def bound_fields(self):
        return [self[name] for name in self.fields if name != "enabled"]
