"""The punch import pages, the machines and the links, through the real forms; who may see them."""

import pytest
from django.urls import reverse

from pamong.attendance.audit import AttendanceAudit
from pamong.attendance.models import Device, DeviceUser, Punch, PunchImport
from pamong.audit.models import AuditEvent

from .factories import DeviceFactory, attlog, import_world, upload

pytestmark = pytest.mark.django_db


def test_the_officer_uploads_a_log_and_sees_the_counts_and_the_report(client, login):
    world = import_world()
    login(world.officer)
    response = client.post(reverse("attendance:import-create"), {
        "file": upload(attlog(("1", "2026-11-02 07:30:00"), ("88", "2026-11-02 07:31:00"))), "format": "zkteco"})
    assert response.status_code == 302
    record = PunchImport.objects.get()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert (record.added, record.unknown_users) == (1, 1)
    assert b'id="punch-import-added"' in page.content
    assert b"88" in page.content
    assert Punch.objects.count() == 1
    csv = client.get(response["Location"] + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    listing = client.get(reverse("attendance:import-list"))
    assert record.original_name.encode() in listing.content


def test_a_bad_file_shows_the_reason_beside_the_field(client, login):
    world = import_world()
    login(world.officer)
    response = client.post(reverse("attendance:import-create"), {"file": upload(b"\x00\x01", "x.dat"),
                                                                 "format": "zkteco"})
    assert response.status_code == 422
    assert response.context["form"].errors["file"]
    assert PunchImport.objects.count() == 0


def test_others_get_403_on_pages_and_404_on_objects(client, login):
    world = import_world()
    login(world.officer)
    client.post(reverse("attendance:import-create"), {"file": upload(attlog(("1", "2026-11-02 07:30:00"))),
                                                      "format": "zkteco"})
    record = PunchImport.objects.get()
    for user in (world.plain.user,):
        login(user)
        for name in ("import-list", "import-create", "device-list", "device-create", "mapping-list", "mapping-create"):
            assert client.get(reverse(f"attendance:{name}")).status_code == 403
        assert client.get(reverse("attendance:import-detail", args=[record.public_id])).status_code == 404
    login(world.outsider)
    assert client.get(reverse("attendance:import-detail", args=[record.public_id])).status_code == 404
    assert client.get(reverse("attendance:device-edit", args=[world.device.public_id])).status_code == 404
    link = DeviceUser.objects.first()
    assert client.post(reverse("attendance:mapping-delete", args=[link.pk])).status_code == 404
    assert DeviceUser.objects.filter(pk=link.pk).exists()


def test_hr_adds_and_edits_a_machine(client, login):
    world = import_world()
    login(world.hr)
    response = client.post(reverse("attendance:device-create"), {"serial": "ZK-77", "name": "Lobi utama",
                                                                 "location": "Lantai 1", "is_active": "on"})
    assert response.status_code == 302
    device = Device.objects.get(serial="ZK-77")
    response = client.post(reverse("attendance:device-edit", args=[device.public_id]),
                           {"serial": world.device.serial, "name": "Lobi"})
    assert response.status_code == 422  # the serial of another machine
    response = client.post(reverse("attendance:device-edit", args=[device.public_id]),
                           {"serial": "ZK-78", "name": "Lobi"})
    device.refresh_from_db()
    assert (device.serial, device.name, device.is_active) == ("ZK-78", "Lobi", False)
    assert AuditEvent.objects.filter(action=AttendanceAudit.DEVICE_SAVED).count() == 2


def test_the_officer_links_and_unlinks_a_machine_user_id(client, login):
    world = import_world()
    login(world.officer)
    response = client.post(reverse("attendance:mapping-create"), {"machine_user_id": "700", "nip": world.plain.nip,
                                                                  "device": str(world.device.pk)})
    assert response.status_code == 302
    link = DeviceUser.objects.get(machine_user_id="700")
    assert (link.employee_id, link.device_id) == (world.plain.pk, world.device.pk)
    response = client.post(reverse("attendance:mapping-create"), {"machine_user_id": "701", "nip": "123"})
    assert response.status_code == 422
    page = client.get(reverse("attendance:mapping-list"), {"q": world.plain.nip})
    assert list(page.context["page"]) == [link]
    client.post(reverse("attendance:mapping-delete", args=[link.pk]))
    assert not DeviceUser.objects.filter(pk=link.pk).exists()
    assert AuditEvent.objects.filter(action=AttendanceAudit.MAPPING_REMOVED).count() == 1


@pytest.mark.parametrize("name", ["mapping-list", "device-list", "import-list"])
def test_list_pages_use_the_same_number_of_queries_at_two_sizes(client, login, django_assert_max_num_queries, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = import_world()
    login(world.officer)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(f"attendance:{name}")).status_code == 200
    for _n in range(6):
        DeviceFactory(pemda=world.pemda)
    for employee in world.employees:
        DeviceUser.objects.create(pemda=world.pemda, device=world.device, machine_user_id=f"9{employee.pk}",
                                  employee=employee, created_by=world.hr)
    for _ in range(3):
        PunchImport.objects.create(pemda=world.pemda, created_by=world.officer, original_name="a.dat", sha256="0",
                                   format="zkteco", device=world.device)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse(f"attendance:{name}")).status_code == 200


def test_a_running_import_polls_its_progress_bar_and_a_finished_one_refreshes_the_page(client, login):
    from django.core.cache import cache

    from pamong.attendance.imports import jobs

    world = import_world()
    login(world.officer)
    record = PunchImport.objects.create(pemda=world.pemda, created_by=world.officer, original_name="big.dat",
                                        sha256="0", format="zkteco", status="running", total_rows=1000)
    cache.set(jobs.progress_key(record.pk), {"done": 250, "total": 1000})
    url = reverse("attendance:import-detail", args=[record.public_id])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b'data-progress="25"' in response.content
    assert b"hx-trigger=\"every 1s\"" in response.content
    assert b"<html" not in response.content
    PunchImport.objects.filter(pk=record.pk).update(status="done")
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    cache.delete(jobs.progress_key(record.pk))


def test_the_officer_links_ids_from_a_csv_and_sees_the_refused_rows(client, login):
    world = import_world()
    login(world.officer)
    url = reverse("attendance:mapping-import")
    bad = f"user_id,nip\n400,{world.plain.nip}\n401,999\n".encode()
    response = client.post(url, {"file": upload(bad, "ids.csv")})
    assert response.status_code == 422
    assert response.context["refused"][0]["line"] == 3
    assert not DeviceUser.objects.filter(machine_user_id="400").exists()
    good = f"user_id,nip\n400,{world.plain.nip}\n".encode()
    response = client.post(url, {"file": upload(good, "ids.csv"), "device": str(world.device.pk)})
    assert response.status_code == 302
    assert DeviceUser.objects.get(machine_user_id="400").device_id == world.device.pk
    login(world.plain.user)
    assert client.get(url).status_code == 403
