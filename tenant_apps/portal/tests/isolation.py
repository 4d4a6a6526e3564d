"""Portal endpoints in the tenant isolation suite."""

from tenant_apps.portal import services
from tests.isolation.registry import Case


def SEED(world, key):
    draft = services.save_post(title=f"草稿-{key}-机密标题", body="<p>x</p>", kind="news")
    published = services.publish_post(services.save_post(title=f"{key}公开新闻", body="<p>x</p>", kind="news"))
    return {"draft_id": draft.pk, "published_id": published.pk, "secrets": [draft.title]}


def _pk(seed):
    return {"pk": seed["draft_id"]}


CASES = [
    Case("portal:manage"),
    Case("portal:create"),
    Case("portal:create", method="post", data={"kind": "news", "title": "x", "body": "y"}, own_status=302,
         refused=("leader",)),
    Case("portal:edit", kwargs=_pk),
    Case("portal:edit", method="post", kwargs=_pk, data={"kind": "news", "title": "x", "body": "y"}, own_status=302),
    Case("portal:status", method="post", kwargs=lambda s: {"pk": s["draft_id"], "action": "publish"}, own_status=302),
    # Drafts: 404 to outsiders and to the congress's own deputies, shown to its staff.
    Case("portal:detail", kwargs=_pk, public=True, refused=("deputy",)),
    Case("portal:list", kwargs=lambda s: {"kind": "news"}, public=True),
    Case("api-portal:post-list"),
    Case("api-portal:post-list", method="post", data={"title": "x", "body": "y"}, own_status=201,
         refused=("leader",)),
    Case("api-portal:post-detail", kwargs=_pk),
    Case("api-portal:post-detail", method="patch", kwargs=_pk, data={"title": "x"}),
    Case("api-portal:post-detail", method="put", kwargs=_pk, data={"title": "x", "body": "y"}),
    Case("api-portal:post-publish", method="post", kwargs=_pk),
    Case("api-portal:post-unpublish", method="post", kwargs=lambda s: {"pk": s["published_id"]}),
    Case("api-portal:public-post-list", public=True),
    Case("api-portal:public-post-detail", kwargs=_pk, public=True, own_status=404),
]
