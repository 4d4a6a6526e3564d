"""Password complexity in the form Chinese government systems ask for (等保: 口令复杂度).

Counts character classes rather than demanding every one: a password needs at least
``min_classes`` of upper case, lower case, digits, and symbols-or-CJK. Chinese characters
count as their own strong class, so a passphrase in Chinese with a few digits passes.
"""

from __future__ import annotations

import unicodedata

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _classes(password: str) -> set[str]:
    found = set()
    for char in password:
        if char.isascii():
            if char.isupper():
                found.add("upper")
            elif char.islower():
                found.add("lower")
            elif char.isdigit():
                found.add("digit")
            elif not char.isspace():
                found.add("other")
        elif unicodedata.category(char).startswith(("L", "N", "P", "S")):
            found.add("other")
    return found


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if len(_classes(password)) < self.min_classes:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号或汉字中的至少 %(n)s 类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("密码须包含大写字母、小写字母、数字、符号或汉字中的至少 %(n)s 类。") % {"n": self.min_classes}


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a message of our own: Django's Chinese catalogue lacks this one."""

    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(n)s 个字符（汉字按一个字符计）。") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少需要 %(n)s 个字符。") % {"n": self.min_length}
