"""/api/v1/attendance/imports, /devices, /device-users: happy paths and refusals."""

import pytest

from pamong.api.tests.conftest import API, ApiClient, make_token
from pamong.api.urls import api as ninja_api
from pamong.attendance.models import Device, DeviceUser, Punch

from .factories import DeviceFactory, attlog, import_world, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor))

    return _as


def _upload(api, content: bytes, **fields):
    data = {"file": upload(content), "format": "zkteco", **fields}
    return api.client.post(API + "/attendance/imports", data, headers=api.headers)


PUNCHES = attlog(("1", "2026-11-02 07:30:00"), ("1", "2026-11-02 16:00:00"), ("42", "2026-11-02 07:00:00"))


def test_a_dry_run_answers_with_the_row_report_and_writes_nothing(api_as):
    world = import_world()
    response = _upload(api_as(world.officer), PUNCHES, dry_run="true")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["added"], body["unknown_users"]) == ("done", 2, 1)
    assert body["unknown_ids"] == [{"id": "42", "rows": 1}]
    assert body["rows"][0]["problem"] == "unknown_user"
    assert Punch.objects.count() == 0


def test_an_import_is_queued_with_its_status_url_and_runs(api_as):
    world = import_world()
    api = api_as(world.officer)
    response = _upload(api, PUNCHES, device=str(world.device.public_id))
    assert response.status_code == 202
    status = api.client.get(response.json()["status_url"], headers=api.headers)
    assert status.status_code == 200
    assert (status.json()["status"], status.json()["added"]) == ("done", 2)  # tasks run eagerly in the tests
    assert Punch.objects.count() == 2


def test_refusals_bad_file_foreign_device_and_other_roles(api_as):
    world = import_world()
    api = api_as(world.officer)
    response = _upload(api, b"\x00\x00\x00binary")
    assert (response.status_code, response.json()["code"]) == (422, "attendance.invalid_file")
    foreign = DeviceFactory(pemda=world.outsider.pemda)
    response = _upload(api, PUNCHES, device=str(foreign.public_id))
    assert (response.status_code, response.json()["code"]) == (422, "attendance.unknown_device")
    assert _upload(api, PUNCHES, format="xls").status_code == 422
    assert _upload(api_as(world.plain), PUNCHES).status_code == 403
    theirs = _upload(api_as(world.outsider), PUNCHES).json()  # into their own agency, where no id is linked
    assert (theirs["added"], theirs["unknown_users"]) == (0, 3)
    record = _upload(api, PUNCHES).json()
    assert api_as(world.outsider).get(f"/attendance/imports/{record['id']}").status_code == 404
    assert Punch.objects.count() == 2


def test_devices_and_links(api_as):
    world = import_world()
    api = api_as(world.hr)
    response = api.post("/attendance/devices", {"serial": "ZK-9", "name": "Lobi"})
    assert response.status_code == 201
    assert api.post("/attendance/devices", {"serial": "ZK-9", "name": "Lagi"}).json()["code"] == \
        "attendance.serial_exists"
    assert api.get("/attendance/devices").json()["count"] == 2
    device = Device.objects.get(serial="ZK-9")
    response = api.post("/attendance/device-users", {"machine_user_id": "501", "nip": world.plain.nip,
                                                     "device": str(device.public_id)})
    assert response.status_code == 201
    assert response.json()["employee"]["nip"] == world.plain.nip
    response = api.post("/attendance/device-users", {"machine_user_id": "501", "nip": world.employees[0].nip,
                                                     "device": str(device.public_id)})
    assert response.json()["code"] == "attendance.mapping_exists"
    assert api.get("/attendance/device-users", {"q": world.plain.nip}).json()["count"] == 1
    assert api_as(world.outsider).get("/attendance/device-users").json()["count"] == 0  # their own agency
    assert api_as(world.plain).get("/attendance/device-users").status_code == 403
    assert api_as(world.plain).post("/attendance/devices", {"serial": "X", "name": "X"}).status_code == 403
    assert DeviceUser.objects.filter(machine_user_id="501").count() == 1


def test_the_links_of_an_unknown_device_answer_a_documented_404(api_as):
    world = import_world()
    response = api_as(world.hr).get("/attendance/device-users", {"device": "e3e70682-c209-1cac-a29f-6fbed82c07cd"})
    assert response.status_code == 404
    operation = ninja_api.get_openapi_schema(path_prefix="/api/v1/")["paths"]["/api/v1/attendance/device-users"]["get"]
    assert 404 in operation["responses"]


def test_links_from_a_csv_all_or_none_and_removed_one_by_one(api_as):
    world = import_world()
    api = api_as(world.officer)
    sheet = f"user_id,nip\n300,{world.plain.nip}\n".encode()
    response = api.client.post(API + "/attendance/device-users/import", {"file": upload(sheet, "ids.csv")},
                               headers=api.headers)
    assert (response.status_code, response.json()) == (200, {"added": 1, "unchanged": 0})
    bad = f"user_id,nip\n301,{world.plain.nip}\n302,999\n".encode()
    response = api.client.post(API + "/attendance/device-users/import", {"file": upload(bad, "ids.csv")},
                               headers=api.headers)
    assert (response.status_code, response.json()["code"]) == (422, "attendance.invalid_file")
    assert response.json()["extra"]["rows"][0]["line"] == 3
    assert not DeviceUser.objects.filter(machine_user_id="301").exists()
    link = DeviceUser.objects.get(machine_user_id="300")
    assert api_as(world.outsider).delete(f"/attendance/device-users/{link.pk}").status_code == 404
    assert api_as(world.plain).delete(f"/attendance/device-users/{link.pk}").status_code == 403
    assert api.delete(f"/attendance/device-users/{link.pk}").status_code == 204
    assert not DeviceUser.objects.filter(pk=link.pk).exists()
