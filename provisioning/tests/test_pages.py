"""The provincial office's pages, through the test client (the browser tests look at them)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from provisioning.models import ProvisioningJob
from tenants.models import Congress, CongressStatus

from .support import township_spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(world, client_for):
    return client_for(None, world.users["operator"])


def test_onboard_from_the_form(office):
    data = township_spec()
    response = office.post(
        "/provisioning/new/",
        {
            "name": data["name"],
            "level": "subdistrict",
            "region_code": data["region_code"],
            "parent": "320102",
            "hosting_mode": "hosted",
            "domains": data["domains"][0],
            "modules": ["portal"],
            "admin_username": "form_admin",
            "admin_display_name": "表单管理员",
            "admin_phone": "13912345678",
        },
    )
    job = ProvisioningJob.objects.get(region_code=data["region_code"])
    assert response.status_code == 302 and response["Location"] == f"/provisioning/jobs/{job.pk}/"
    assert job.state == "succeeded"
    page = office.get(response["Location"])
    assert data["name"] in page.content.decode()
    status = office.get(f"/provisioning/jobs/{job.pk}/status/").json()
    assert status["progress"] == 100 and status["can_retry"] is False


def test_onboard_from_an_uploaded_spec(office):
    import yaml

    data = township_spec()
    upload = SimpleUploadedFile("spec.yaml", yaml.safe_dump(data, allow_unicode=True).encode())
    response = office.post("/provisioning/new/", {"spec_file": upload, "hosting_mode": "hosted"})
    assert response.status_code == 302
    assert Congress.objects.get(region_code=data["region_code"]).status == CongressStatus.ACTIVE


def test_a_bad_form_answers_400_listing_every_problem(office):
    response = office.post(
        "/provisioning/new/",
        {
            "name": "坏",
            "level": "subdistrict",
            "region_code": "320102001",
            "parent": "320100",
            "hosting_mode": "hosted",
            "domains": "t1.testserver",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "region_code" in body and "domains[0]" in body and "已有人大使用" in body
    assert not ProvisioningJob.objects.filter(region_code="320102001").exists()


def test_bulk_upload_page(office):
    content = "region_code,name,level,domains\n320500,页面市,city,page320500.testserver\n".encode()
    response = office.post("/provisioning/bulk/", {"file": SimpleUploadedFile("a.csv", content)})
    assert response.status_code == 302
    status = office.get(response["Location"].rstrip("/") + "/status/").json()
    assert status["counts"]["succeeded"] == 1 and status["percent"] == 100
    bad = office.post("/provisioning/bulk/", {"file": SimpleUploadedFile("b.csv", b"x,y\n1,2\n")})
    assert bad.status_code == 400 and "缺少列" in bad.content.decode()


def test_lifecycle_buttons(office, world):
    t2 = Congress.objects.get(pk=world.congresses["T2"].pk)
    assert office.post(f"/provisioning/congresses/{t2.pk}/suspend/").status_code == 302
    t2.refresh_from_db()
    assert t2.status == CongressStatus.SUSPENDED
    refused = office.post(f"/provisioning/congresses/{t2.pk}/drop/", {"confirm": "x"})
    assert refused.status_code == 400 and "已归档" in refused.content.decode()
    assert office.post(f"/provisioning/congresses/{t2.pk}/resume/").status_code == 302
    listing = office.get("/provisioning/congresses/").content.decode()
    assert t2.name in listing


def test_the_platform_console_links_operators_here(office, world, client_for):
    assert "/provisioning/" in office.get("/console/").content.decode()
    admin = client_for(None, world.users["administrator_T1"])
    assert "/provisioning/" not in admin.get("/console/").content.decode()
