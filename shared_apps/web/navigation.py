"""The staff console's navigation, built from the enabled modules' manifests."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tenants.modules import MenuEntry
from tenants.selectors import enabled_manifests

CORE_MENU: tuple[MenuEntry, ...] = (
    MenuEntry(_("工作台"), "web:console", "console.access", "speedometer2"),
    MenuEntry(_("统计总览"), "dashboard:overview", "dashboard.view", "bar-chart-line"),
    MenuEntry(_("成员与单位"), "identity:members", "identity.view_members", "people"),
    MenuEntry(_("模块管理"), "tenants:modules", "tenants.manage_modules", "puzzle"),
    MenuEntry(_("审计日志"), "audit:log", "audit.view", "journal-text"),
    MenuEntry(_("消息发送记录"), "messaging:outbox", "messaging.view_outbox", "envelope"),
)


@dataclass(frozen=True)
class NavSection:
    title: str
    links: list[tuple[str, str, str, bool]]  # label, url, icon, active


def _links(entries, capabilities, path) -> list[tuple[str, str, str, bool]]:
    links = []
    for entry in entries:
        if entry.capability not in capabilities:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        active = path == url or (url != reverse("web:console") and path.startswith(url))
        links.append((str(entry.label), url, entry.icon, active))
    return links


def console_navigation(congress, capabilities: frozenset[str], path: str) -> list[NavSection]:
    sections = [NavSection(str(_("本级人大")), _links(CORE_MENU, capabilities, path))]
    for manifest in enabled_manifests(congress):
        links = _links(manifest.menu, capabilities, path)
        if links:
            sections.append(NavSection(str(manifest.name), links))
    return [s for s in sections if s.links]
