"""The ABK pages: who sees what, the form saves the figures, refusals, the recap's query count, exports, import."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pamong.audit.models import AuditEvent
from pamong.core.spreadsheets import xlsx_row
from pamong.mobility.models import WorkloadAnalysis, WorkloadSettings
from pamong.people.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

from .factories import save, task

pytestmark = [pytest.mark.django_db]


def _form_data(position=None, year=2026, rows=(), **extra):
    data = {"year": str(year), "wke_minutes": "", "note": "", "tasks-TOTAL_FORMS": str(len(rows)),
            "tasks-INITIAL_FORMS": "0", "tasks-MIN_NUM_FORMS": "0", "tasks-MAX_NUM_FORMS": "200", **extra}
    if position is not None:
        data["position"] = str(position.pk)
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"tasks-{index}-{key}"] = value
    return data


ROWS = [{"name": "Mengolah data", "output_unit": "laporan", "volume": "1500", "norm_minutes": "60"},
        {"name": "", "output_unit": "", "volume": "", "norm_minutes": ""}]  # a blank row is left out


def test_hr_admin_creates_through_the_form(client, login, world):
    login(world.hr_admin)
    response = client.post(reverse("mobility:workload-create"), _form_data(world.staff_position, rows=ROWS))
    assert response.status_code == 302
    analysis = WorkloadAnalysis.objects.get()
    assert (analysis.need, analysis.need_rounded, analysis.staff, analysis.band) == (D("1.2000"), 2, 2, "D")  # EJ 0.6
    assert analysis.tasks.count() == 1
    page = client.get(reverse("mobility:workload-detail", args=[analysis.public_id]))
    assert page.status_code == 200
    assert b'id="fig-need-rounded">2<' in page.content


def test_form_errors_land_on_the_row(client, login, world):
    login(world.hr_admin)
    rows = [{"name": "Tugas", "output_unit": "", "volume": "0", "norm_minutes": "10"}]
    response = client.post(reverse("mobility:workload-create"), _form_data(world.staff_position, rows=rows))
    assert response.status_code == 422
    formset = response.context["formset"]
    assert formset.forms[0].errors["volume"]
    assert not WorkloadAnalysis.objects.exists()


def test_add_row_saves_nothing(client, login, world):
    login(world.hr_admin)
    response = client.post(reverse("mobility:workload-create"),
                           _form_data(world.staff_position, rows=ROWS[:1], add_row="1"))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert not WorkloadAnalysis.objects.exists()


def test_edit_replaces_tasks_and_remove_a_row(client, login, world):
    analysis = save(world.hr_admin, world.staff_position)
    login(world.hr_admin)
    rows = [{"name": "A", "output_unit": "", "volume": "100", "norm_minutes": "750"},
            {"name": "B", "output_unit": "", "volume": "1", "norm_minutes": "1", "DELETE": "on"}]
    response = client.post(reverse("mobility:workload-detail", args=[analysis.public_id]), _form_data(rows=rows))
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert [t.name for t in analysis.tasks.all()] == ["A"]
    assert analysis.need == D("1.0000")


@pytest.mark.parametrize(("persona", "status"), [
    ("hr_admin", 200), ("executive", 200), ("auditor", 200), ("unit_head", 200), ("employee", 403), ("peer", 403),
    ("supervisor", 200), ("outsider", 404), ("other_pemda_admin", 404), ("superadmin", 403),
])  # the supervisor heads the division (its tree holds the position); the outsider heads Dinas Kesehatan
def test_detail_by_persona(client, login, world, persona, status):
    analysis = save(world.hr_admin, world.staff_position)
    login(getattr(world, persona))
    assert client.get(reverse("mobility:workload-detail", args=[analysis.public_id])).status_code == status


@pytest.mark.parametrize(("persona", "status"), [
    ("hr_admin", 200), ("executive", 200), ("auditor", 200), ("unit_head", 200), ("employee", 403),
    ("supervisor", 200), ("peer", 403), ("other_pemda_admin", 200), ("superadmin", 403),
])
def test_list_by_persona(client, login, world, persona, status):
    save(world.hr_admin, world.staff_position)
    login(getattr(world, persona))
    response = client.get(reverse("mobility:workload-list"), {"year": 2026})
    assert response.status_code == status
    if persona == "other_pemda_admin":
        assert response.context["page"].paginator.count == 0  # their own agency: nothing of Mamuju's


def test_unit_head_sees_the_tree_only(client, login, world):
    save(world.hr_admin, world.staff_position)
    save(world.hr_admin, world.outsider.current_position)  # Dinas Kesehatan
    login(world.supervisor)  # head of the division (Bidang): the division's tree only
    response = client.get(reverse("mobility:workload-list"), {"year": 2026})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    other = WorkloadAnalysis.objects.get(position=world.outsider.current_position)
    assert client.get(reverse("mobility:workload-detail", args=[other.public_id])).status_code == 404


@pytest.mark.parametrize("persona", ["executive", "auditor", "unit_head", "employee", "other_pemda_admin"])
def test_writes_refused(client, login, world, persona):
    analysis = save(world.hr_admin, world.staff_position)
    login(getattr(world, persona))
    detail = reverse("mobility:workload-detail", args=[analysis.public_id])
    assert client.post(detail, _form_data(rows=ROWS)).status_code in (403, 404)
    assert client.post(reverse("mobility:workload-delete", args=[analysis.public_id])).status_code in (403, 404)
    if persona != "other_pemda_admin":  # HR of their own agency: may open these pages for their agency's positions
        assert client.get(reverse("mobility:workload-create")).status_code == 403
        assert client.get(reverse("mobility:workload-settings")).status_code == 403
        assert client.get(reverse("mobility:workload-import")).status_code == 403
    else:
        response = client.post(reverse("mobility:workload-create"), _form_data(world.staff_position, rows=ROWS))
        assert response.status_code == 422  # Mamuju's position is not among Palu's choices
    assert WorkloadAnalysis.objects.get().tasks.count() == 2


def test_delete(client, login, world):
    analysis = save(world.hr_admin, world.staff_position)
    login(world.hr_admin)
    assert client.post(reverse("mobility:workload-delete", args=[analysis.public_id])).status_code == 302
    assert not WorkloadAnalysis.objects.exists()
    assert AuditEvent.objects.filter(action="mobility.workload_deleted").exists()


def test_settings_page(client, login, world):
    login(world.hr_admin)
    assert client.get(reverse("mobility:workload-settings")).status_code == 200
    data = {"wke_minutes": "72000", "rounding": "half_up", "bands-TOTAL_FORMS": "3", "bands-INITIAL_FORMS": "0",
            "bands-0-lower": "1", "bands-0-code": "A", "bands-0-label": "Baik",
            "bands-1-lower": "0", "bands-1-code": "B", "bands-1-label": "Kurang",
            "bands-2-lower": "", "bands-2-code": "", "bands-2-label": ""}
    assert client.post(reverse("mobility:workload-settings"), data).status_code == 302
    stored = WorkloadSettings.objects.get()
    assert (stored.wke_minutes, stored.rounding, stored.bands) == (72000, "half_up", [[1.0, "A", "Baik"],
                                                                                     [0.0, "B", "Kurang"]])
    data["bands-1-lower"] = "0.5"
    response = client.post(reverse("mobility:workload-settings"), data)
    assert response.status_code == 422
    assert WorkloadSettings.objects.get().bands[1][0] == 0.0


def _positions_in_units(world, count):
    for index in range(count):
        unit = OrgUnitFactory(pemda=world.pemda, parent=world.education if index % 2 else None, name=f"Unit {index}")
        position = PositionFactory(org_unit=unit, name=f"Jabatan {index}")
        EmployeeFactory(position=position, name=f"Pegawai {index}")
        save(world.hr_admin, position, tasks=[task(volume="100", norm="1000")])


@pytest.mark.parametrize("count", [2, 20])
def test_list_queries_do_not_grow(client, login, world, django_assert_max_num_queries, count):
    _positions_in_units(world, count)
    login(world.hr_admin)
    # the same bound at 2 and at 20 positions: the page's own reads are 7 queries (units, recap figures, count, page,
    # years, unit options), the rest is the layout's navigation (about 25)
    with django_assert_max_num_queries(35):
        response = client.get(reverse("mobility:workload-list"), {"year": 2026})
    assert response.context["recap"].total.positions == count


def test_recap_sums_per_opd_and_drills_down(client, login, world):
    save(world.hr_admin, world.staff_position, tasks=[task(volume="1500", norm="100")])  # 2 needed, 2 staff
    save(world.hr_admin, world.division_head_position, tasks=[task(volume="1500", norm="100")])  # 2 needed, 1 staff
    save(world.hr_admin, world.head_position, tasks=[task(volume="750", norm="100")])  # 1 needed, 1 staff
    save(world.hr_admin, world.outsider.current_position, tasks=[task(volume="10", norm="10")])  # 1 needed, 1 staff
    login(world.executive)
    recap = client.get(reverse("mobility:workload-list"), {"year": 2026}).context["recap"]
    education = next(row for row in recap.rows if row.unit == world.education)
    assert (education.positions, education.need_rounded, education.staff, education.shortage,
            education.vacancies) == (3, 5, 4, 1, 1)
    assert recap.total.positions == 4
    drilled = client.get(reverse("mobility:workload-list"), {"year": 2026, "unit": world.education.public_id})
    rows = drilled.context["recap"].rows
    assert rows[0].own
    assert (rows[0].positions, rows[1].unit, rows[1].positions) == (1, world.division, 2)


def test_exports_are_values_never_formulas(client, login, world):
    analysis = save(world.hr_admin, world.staff_position, tasks=[task(name="=HYPERLINK(\"http://x\")")])
    login(world.auditor)
    response = client.get(reverse("mobility:workload-export", args=[analysis.public_id]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert any(cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s" for cell in cells)
    recap = client.get(reverse("mobility:workload-recap-export"), {"year": 2026})
    assert recap.status_code == 200
    sheet = load_workbook(io.BytesIO(recap.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def _sheet(rows, header=("Jabatan", "Tahun", "Uraian tugas", "Satuan hasil", "Volume", "Norma waktu")) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))  # "=…" text stays a text cell; a real formula is added below
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, content, name="abk.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("mobility:workload-import"), {"file": SimpleUploadedFile(name, content)})


def test_import_all_rows(client, login, world):
    login(world.hr_admin)
    content = _sheet([
        ("Pengelola Data Pendidikan", 2026, "Mengolah data", "laporan", 1500, 30),
        (str(world.staff_position.public_id), 2026, "=SUM(A1:A2)", "dokumen", 600, 50),
        ("Kepala Dinas Pendidikan", 2027, "Memimpin", "kegiatan", 100, 750),
    ])
    response = _upload(client, content)
    assert response.status_code == 302, response.context["report"].errors if response.context else ""
    staff = WorkloadAnalysis.objects.get(position=world.staff_position)
    assert (staff.need_rounded, staff.tasks.count()) == (1, 2)
    assert staff.tasks.filter(name="=SUM(A1:A2)").exists()  # text, never evaluated
    assert WorkloadAnalysis.objects.get(position=world.head_position).year == 2027
    assert AuditEvent.objects.filter(action="mobility.workload_imported").count() == 1


def test_import_never_evaluates_a_formula(client, login, world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Jabatan", "Tahun", "Uraian tugas", "Satuan hasil", "Volume", "Norma waktu"])
    sheet.append(["Pengelola Data Pendidikan", 2026, "Tugas", "", "=10*10", 30])  # a real formula, no cached value
    buffer = io.BytesIO()
    workbook.save(buffer)
    login(world.hr_admin)
    response = _upload(client, buffer.getvalue())
    assert response.status_code == 422
    assert dict(response.context["report"].errors)[2]  # the volume is missing: the formula was not computed
    assert not WorkloadAnalysis.objects.exists()


def test_import_is_all_or_nothing_with_a_row_report(client, login, world):
    login(world.hr_admin)
    content = _sheet([
        ("Pengelola Data Pendidikan", 2026, "Mengolah data", "laporan", 1500, 30),
        ("Jabatan Tidak Ada", 2026, "X", "", 1, 1),
        ("Pengelola Data Pendidikan", 1990, "", "", 0, -5),
        ("Analis SDM Palu", 2026, "Y", "", 1, 1),  # another agency's position: unknown here
    ])
    response = _upload(client, content)
    assert response.status_code == 422
    errors = dict(response.context["report"].errors)
    assert set(errors) == {3, 4, 5}
    assert len(errors[4]) == 4  # year, name, volume, norm
    assert not WorkloadAnalysis.objects.exists()


@pytest.mark.parametrize(("name", "content"), [
    ("abk.csv", b"a,b"), ("abk.xlsx", b"not a zip"), ("abk.xlsx", b""), ("abk.xlsx", b"PK\x03\x04broken"),
])
def test_import_refuses_hostile_files(client, login, world, name, content):
    login(world.hr_admin)
    response = _upload(client, content, name)
    assert response.status_code == 422
    assert response.context["form"].errors
    assert not WorkloadAnalysis.objects.exists()


def test_import_refuses_a_sheet_without_headers(client, login, world):
    login(world.hr_admin)
    response = _upload(client, _sheet([("a", "b")], header=("x", "y")))
    assert response.status_code == 422


def test_import_refuses_too_large(client, login, world, settings):
    settings.PAMONG_UPLOAD_MAX_BYTES = 100
    login(world.hr_admin)
    response = _upload(client, _sheet([("Pengelola Data Pendidikan", 2026, "x", "", 1, 1)]))
    assert response.status_code in (413, 422)
    assert not WorkloadAnalysis.objects.exists()


def test_htmx_filter_renders_the_results_only(client, login, world):
    save(world.hr_admin, world.staff_position)
    login(world.executive)
    response = client.get(reverse("mobility:workload-list"), {"year": 2026, "unit": world.education.public_id},
                          headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="workload-results"')
    assert "<html" not in html


def test_unknown_unit_filter_is_404(client, login, world):
    login(world.supervisor)  # the division's head: Dinas Kesehatan is outside
    assert client.get(reverse("mobility:workload-list"), {"unit": world.health.public_id}).status_code == 404
