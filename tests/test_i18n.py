"""English next to the default Simplified Chinese: the switcher, the pages, the catalogue."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    yield
    translation.deactivate()


def to_english(client, path: str):
    """Choose English with the switcher's form, as a browser would, and land back on ``path``."""
    response = client.post("/i18n/setlang/", {"language": "en", "next": path}, follow=True)
    assert response.redirect_chain[0] == (path, 302)
    return response


def test_congress_home_is_chinese_by_default_and_english_after_switching(world, client_for):
    client = client_for("T1")
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in page
    for chinese in ("数字人大", "人大要闻", "通知公告", "行政区划代码", "登录"):
        assert chinese in page
    assert 'action="/i18n/setlang/"' in page and 'name="next" value="/"' in page

    page = to_english(client, "/").content.decode()
    assert '<html lang="en">' in page
    for english in ("Digital Congress", "Congress news", "Notices",
                    "Administrative division code", "Log in"):
        assert english in page
    for chinese in ("数字人大", "人大要闻", "行政区划代码"):
        assert chinese not in page
    assert world.congresses["T1"].name in page  # a congress's own name is data, not translated

    # The choice sticks for later requests, and choosing Chinese again brings it back.
    assert "Congress news" in client.get("/").content.decode()
    back = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"}, follow=True).content.decode()
    assert "人大要闻" in back and "Congress news" not in back


def test_login_page_is_chinese_by_default_and_english_after_switching(world, client_for):
    client = client_for("T1")
    page = client.get("/accounts/login/").content.decode()
    for chinese in ("统一登录", "一个账号，进入您所属的每一级人大。", "密码"):
        assert chinese in page

    page = to_english(client, "/accounts/login/").content.decode()
    for english in ("Single sign-on", "One account for every congress you belong to, at every level.", "Password"):
        assert english in page
    assert "统一登录" not in page and "密码" not in page
    wrong = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"}).content.decode()
    assert "Incorrect username or password." in wrong


def test_console_follows_the_chosen_language(world, client_for):
    client = client_for("T1", world.user("administrator", "T1"))
    page = client.get("/console/").content.decode()
    assert "工作台" in page and 'data-testid="language-switcher"' in page
    page = to_english(client, "/console/").content.decode()
    for english in ("Dashboard", "Modules", "Audit log", "Log out", "Administrator"):
        assert english in page
    assert "工作台" not in page and "审计日志" not in page


def test_platform_site_has_the_switcher_too(world, client_for):
    client = client_for(None)
    assert 'data-testid="language-switcher"' in client.get("/").content.decode()
    assert "Renda Cloud" in to_english(client, "/").content.decode()


# The catalogue -----------------------------------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr (a dict by index), flags."""
    entries: list[dict] = []
    entry: dict | None = None
    key = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry is not None and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(key, int):
                entry["msgstr"][key] += value
            else:
                entry[key] += value
        else:
            name, value = line.split(" ", 1)
            match = re.fullmatch(r"msgstr\[(\d+)\]", name)
            if match:
                key = int(match.group(1))
                entry["msgstr"][key] = ast.literal_eval(value)
            elif name == "msgstr":
                key = 0
                entry["msgstr"][0] = ast.literal_eval(value)
            else:
                key = name
                entry[name] = ast.literal_eval(value)
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\([a-z_]+\)[sd]", text))


def test_every_english_message_is_translated_and_none_is_fuzzy():
    entries = read_po(CATALOGUE / "django.po")
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"][0]
    assert len(messages) > 100
    problems = []
    for entry in messages:
        msgid = entry["msgid"]
        if entry.get("obsolete"):
            problems.append(f"obsolete entry left in the file: {msgid}")
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {msgid}")
        forms = 2 if "msgid_plural" in entry else 1
        if sorted(entry["msgstr"]) != list(range(forms)) or not all(s.strip() for s in entry["msgstr"].values()):
            problems.append(f"untranslated: {msgid}")
        if "python-format" in entry["flags"]:
            wanted = [placeholders(msgid), placeholders(entry.get("msgid_plural", msgid))]
            for index, text in entry["msgstr"].items():
                if placeholders(text) != wanted[min(index, 1)]:
                    problems.append(f"placeholders differ: {msgid} -> {text}")
    assert problems == []


def test_the_committed_mo_matches_the_po():
    """Runtime reads the .mo: it must have been compiled from the .po as committed."""
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        entry["msgid"] for entry in read_po(CATALOGUE / "django.po")[1:]
        if "msgid_plural" not in entry and compiled.gettext(entry["msgid"]) != entry["msgstr"][0]
    ]
    assert stale == [], "run ./manage.py compilemessages"
