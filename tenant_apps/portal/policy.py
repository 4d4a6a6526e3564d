"""Who may read a post: the portal's one per-object rule (drafts are for the congress's staff)."""

from __future__ import annotations

from shared_apps.identity.access import has_capability

from .models import Post


def can_view(user, post: Post) -> bool:
    return post.is_published or has_capability(user, "portal.view_drafts")

