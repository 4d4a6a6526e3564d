"""Open311 GeoReport v2: services, definitions, POST with an API key, tokens, GET with filters, in
JSON and XML, with the fields the spec lists."""

import xml.etree.ElementTree as ET

from tenant_apps.voices import setup

from .helpers import phone

SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
REQUEST_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
BASE = "/api/v1/voices/open311/v2"


def _key(in_congress):
    with in_congress("T1"):
        return setup.create_api_key(name="城市App")[1]


def test_services_and_definitions_json_and_xml(world, db, client_for):
    client = client_for("T1")
    services = client.get(f"{BASE}/services.json").json()
    assert {s["service_code"] for s in services} >= {"help", "suggestion", "consultation", "thanks", "other"}
    assert all(set(s) == SERVICE_FIELDS for s in services)
    xml = client.get(f"{BASE}/services.xml")
    assert xml["Content-Type"].startswith("text/xml")
    root = ET.fromstring(xml.content)
    assert root.tag == "services" and {e.tag for e in root[0]} == SERVICE_FIELDS
    definition = client.get(f"{BASE}/services/help.json").json()
    assert definition["service_code"] == "help"
    consent = definition["attributes"][0]
    assert {"variable", "code", "datatype", "required", "datatype_description", "order", "description"} <= set(consent)
    root = ET.fromstring(client.get(f"{BASE}/services/help.xml").content)
    assert root.tag == "service_definition" and root.find("attributes/attribute/code").text == "pipl_consent"
    assert client.get(f"{BASE}/services/nope.json").status_code == 404


def test_post_token_get_and_filters(world, db, client_for, in_congress):
    key = _key(in_congress)
    client = client_for("T1")
    form = {
        "api_key": key,
        "service_code": "help",
        "description": "桥下积水严重，行人无法通过。",
        "lat": "31.2304",
        "long": "121.4737",
        "address_string": "幸福路桥",
        "phone": phone(),
        "first_name": "五",
        "last_name": "王",
        "attribute[pipl_consent]": "yes",
    }
    assert client.post(f"{BASE}/requests.json", {**form, "api_key": "wrong"}).status_code == 403
    no_consent = client.post(f"{BASE}/requests.json", {k: v for k, v in form.items() if "consent" not in k})
    assert no_consent.status_code == 400 and no_consent.json()[0]["code"] == 400
    created = client.post(f"{BASE}/requests.json", form)
    assert created.status_code == 201, created.content
    body = created.json()[0]
    assert {"token", "service_request_id", "service_notice", "account_id"} <= set(body)
    token_xml = ET.fromstring(client.get(f"{BASE}/tokens/{body['token']}.xml?api_key={key}").content)
    assert (
        token_xml.tag == "service_requests"
        and token_xml.find("request/service_request_id").text == body["service_request_id"]
    )
    one = client.get(f"{BASE}/requests/{body['service_request_id']}.json?api_key={key}").json()[0]
    assert set(one) == REQUEST_FIELDS
    assert one["status"] == "open" and one["service_code"] == "help" and one["lat"] == 31.2304
    assert "王" not in str(one) and form["phone"] not in str(one)
    listed = client.get(f"{BASE}/requests.json?api_key={key}&status=open&service_code=help").json()
    assert body["service_request_id"] in [r["service_request_id"] for r in listed]
    closed = client.get(f"{BASE}/requests.json?api_key={key}&status=closed").json()
    assert body["service_request_id"] not in [r["service_request_id"] for r in closed]
    root = ET.fromstring(client.get(f"{BASE}/requests.xml?api_key={key}").content)
    assert root.tag == "service_requests" and {e.tag for e in root.find("request")} == REQUEST_FIELDS
    assert client.get(f"{BASE}/requests.json").status_code == 403
    errors = ET.fromstring(client.get(f"{BASE}/requests.xml").content)
    assert errors.tag == "errors" and errors.find("error/code").text == "403"
