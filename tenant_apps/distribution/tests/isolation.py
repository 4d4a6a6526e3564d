"""Distribution endpoints in the tenant isolation suite."""

import datetime as dt

from tenant_apps.distribution import services
from tests.isolation.registry import Case


def SEED(world, key):
    title = f"下发-{key}-机密标题"
    sent = services.send_notice(title=title, body="正文", kind="notice", comments_until=None, user_id=None)
    received = services.receive(
        origin_congress_id=world.congresses[key].pk, origin_congress_name="seed",
        payload={"notice_id": 10_000 + sent.pk, "kind": "draft", "title": f"来文-{key}", "body": "正文",
                 "published_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat(), "comments_until": None},
    )
    return {"sent_id": sent.pk, "received_id": received.pk, "secrets": [title]}


def _sent(seed):
    return {"pk": seed["sent_id"]}


def _received(seed):
    return {"pk": seed["received_id"]}


CASES = [
    Case("distribution:sent"),
    Case("distribution:sent", method="post", data={"kind": "notice", "title": "x", "body": "y"}, own_status=302),
    Case("distribution:sent_detail", kwargs=_sent),
    Case("distribution:inbox"),
    Case("distribution:received", kwargs=_received),
    Case("distribution:received", method="post", kwargs=_received, data={"text": "x"}, own_status=302),
    # Received notices are public on each congress's site; a sent one's title must not leak there.
    Case("distribution:public_list", public=True),
    Case("distribution:public_detail", kwargs=_received, public=True),
    Case("api-distribution:notice-list"),
    Case("api-distribution:notice-list", method="post", data={"kind": "notice", "title": "x", "body": "y"},
         own_status=201),
    Case("api-distribution:notice-detail", kwargs=_sent),
    Case("api-distribution:received-list"),
    Case("api-distribution:received-detail", kwargs=_received),
]
