"""The catalogue of message templates: a logical name, its Chinese text and its parameters.

A module registers its templates once, at start-up (in ``<app>/message_templates.py``, which
is autodiscovered, or in ``AppConfig.ready()``)::

    from shared_apps.messaging import services as messaging

    messaging.templates.register(
        "voices.replied",
        text=_("您的留言（查询码 %(code)s）已有答复，请登录查看。"),
        params=("code",),
    )

The text (``%(name)s`` placeholders, translated through gettext) is what the development sink
shows and what e-mail sends; a provider sends its own approved template, whose code comes from
settings (``MESSAGING_SMS_TEMPLATES`` / ``MESSAGING_WECHAT_TEMPLATES``), with the same parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise


class UnknownTemplate(LookupError):
    pass


@dataclass(frozen=True)
class MessageTemplate:
    name: str
    text: str | Promise
    params: tuple[str, ...]

    def check(self, params: Mapping[str, str]) -> dict[str, str]:
        """The parameters as strings, exactly those declared: a typo must not send a broken text."""
        missing = [p for p in self.params if p not in params]
        extra = [p for p in params if p not in self.params]
        if missing or extra:
            raise ValueError(f"template {self.name}: missing {missing}, unexpected {extra}")
        return {key: str(params[key]) for key in self.params}

    def render(self, params: Mapping[str, str]) -> str:
        return str(self.text) % dict(params)


_registry: dict[str, MessageTemplate] = {}


def register(name: str, *, text: str | Promise, params: Iterable[str] = ()) -> MessageTemplate:
    """Declare a template; registering the same name again with other content is an error."""
    template = MessageTemplate(name=name, text=text, params=tuple(params))
    existing = _registry.get(name)
    if existing is not None and existing != template:
        raise ValueError(f"message template {name!r} is already registered differently")
    try:
        template.render({p: p for p in template.params})
    except (KeyError, ValueError, TypeError) as exc:
        raise ValueError(f"message template {name!r}: text and params disagree ({exc})") from None
    _registry[name] = template
    return template


def get(name: str) -> MessageTemplate:
    try:
        return _registry[name]
    except KeyError:
        raise UnknownTemplate(f"unknown message template {name!r}") from None


def render(name: str, params: Mapping[str, str]) -> str:
    """The template's text with ``params``: to send the same message by e-mail, for instance
    to someone who has an address but no mobile number."""
    template = get(name)
    return template.render(template.check(params))


def all_templates() -> list[MessageTemplate]:
    return sorted(_registry.values(), key=lambda t: t.name)


@dataclass(frozen=True)
class ProviderTemplate:
    """A template approved at a provider: its id, and the provider's field name for each parameter."""

    code: str
    fields: dict[str, str]

    def map(self, params: Mapping[str, str]) -> dict[str, str]:
        return {self.fields.get(key, key): value for key, value in params.items()}


def provider_template(setting: str, name: str) -> ProviderTemplate | None:
    """Read ``name`` from a setting such as MESSAGING_SMS_TEMPLATES.

    Each value is the provider's template code, or ``{"code": ..., "fields": {param: field}}``
    where the provider names a parameter differently (WeChat's ``thing1``, ``time2``, ...).
    """
    entry = getattr(settings, setting, {}).get(name)
    if not entry:
        return None
    if isinstance(entry, str):
        return ProviderTemplate(code=entry, fields={})
    return ProviderTemplate(code=entry["code"], fields=dict(entry.get("fields", {})))
