"""A suspended congress serves pages read-only, with a notice; writes fail with a clear message."""

from tenants.models import CongressStatus
from tenants.services import set_status


def test_suspended_congress_is_read_only_with_a_notice(world, client_for):
    set_status(world.congresses["T1"], CongressStatus.SUSPENDED)
    staff = client_for("T1", world.user("staff", "T1"))
    page = staff.get("/portal/manage/")
    assert page.status_code == 200
    assert "已暂停服务" in page.content.decode()
    write = staff.post("/portal/manage/new/", {"kind": "news", "title": "x", "body": "y"})
    assert write.status_code == 423
    assert "不能提交或修改" in write.content.decode()
    api = staff.post("/api/v1/portal/posts/", {"title": "x", "body": "y"}, content_type="application/json")
    assert api.status_code == 423
    assert api.json()["error"]["code"] == "congress_suspended"
    # Logging in still works, and a sibling is unaffected.
    assert client_for("T1").post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 200
    other = client_for("T2", world.user("staff", "T2"))
    created = other.post("/api/v1/portal/posts/", {"title": "x", "body": "y"}, content_type="application/json")
    assert created.status_code == 201
