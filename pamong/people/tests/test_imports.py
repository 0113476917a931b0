"""Employee import: parsing of real-world cells, the dry-run report, all-or-nothing apply, idempotency."""

import io
from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from pamong.audit.models import AuditEvent
from pamong.people import imports
from pamong.people.models import Employee, ImportJob, ImportStatus, PositionHistory, RankHistory
from pamong.people.services import employee_refresh_current
from pamong.people.tests.factories import nip_for

# --- Parsing (pure) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(1986, 9, 26, 0, 0), date(1986, 9, 26)),
        (date(1986, 9, 26), date(1986, 9, 26)),
        (31681, date(1986, 9, 26)),  # Excel serial
        (31681.0, date(1986, 9, 26)),
        ("31681", date(1986, 9, 26)),
        ("26-09-1986", date(1986, 9, 26)),
        ("26/09/1986", date(1986, 9, 26)),
        ("26.09.1986", date(1986, 9, 26)),
        ("6/9/1986", date(1986, 9, 6)),  # day first, never mm/dd
        ("1986-09-26", date(1986, 9, 26)),
        ("1986-09-26 00:00:00", date(1986, 9, 26)),
        ("26 September 1986", date(1986, 9, 26)),
        ("17 Agustus 1945", date(1945, 8, 17)),
        ("1 Mei 2015", date(2015, 5, 1)),
        ("01-Okt-2010", date(2010, 10, 1)),
        ("5 Des 2001", date(2001, 12, 5)),
        ("'26-09-1986", date(1986, 9, 26)),
        (None, None),
        ("", None),
        ("-", None),
    ],
)
def test_parse_date_accepts_the_formats_sheets_use(value, expected):
    assert imports.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31-02-2000", "26 Septembre 1986", "kemarin", "13/13/2000", True])
def test_parse_date_refuses_non_dates(value):
    with pytest.raises(imports.CellError):
        imports.parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("198609262015051001", "198609262015051001"),
        ("19860926 201505 1 001", "198609262015051001"),
        ("'198609262015051001", "198609262015051001"),
        (" 19860926-201505-1-001 ", "198609262015051001"),
        (198609262015051001, "198609262015051001"),  # an integer cell keeps every digit
        ("198609262015051001.0", "198609262015051001"),
        (None, ""),
    ],
)
def test_parse_identity_number_accepts_text_and_whole_numbers(value, expected):
    assert imports.parse_identity_number(value) == expected


@pytest.mark.parametrize("value", [1.98609262015051e17, "1.98609262015051E+17", "1,98609E+17", "NIP-ABC"])
def test_parse_identity_number_refuses_numbers_that_lost_digits(value):
    with pytest.raises(imports.CellError):
        imports.parse_identity_number(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("III/a", "III/a"), ("III/A", "III/a"), ("III-a", "III/a"), ("III a", "III/a"),
        ("Penata Muda (III/a)", "III/a"), ("Pengatur Muda Tingkat I (II/b)", "II/b"), ("IV/e", "IV/e"),
        ("IX", "IX"), ("Gol. XVII", "XVII"), ("V", "V"), ("", ""),
    ],
)
def test_parse_golongan(value, expected):
    assert imports.parse_golongan(value) == expected


@pytest.mark.parametrize(
    ("parser", "value", "expected"),
    [
        (imports.parse_gender, "L", "m"), (imports.parse_gender, "Laki-laki", "m"),
        (imports.parse_gender, "P", "f"), (imports.parse_gender, "PEREMPUAN", "f"),
        (imports.parse_status, "PPPK Paruh Waktu", "pppk_part_time"), (imports.parse_status, "pns", "pns"),
        (imports.parse_religion, "Kristen", "protestant"), (imports.parse_religion, "Katolik", "catholic"),
        (imports.parse_marital_status, "Belum Kawin", "single"), (imports.parse_marital_status, "Cerai Mati", "widowed"),
        (imports.parse_education, "S-1", "s1"), (imports.parse_education, "D-III", "d3"),
        (imports.parse_education, "SLTA", "sma"),
    ],
)
def test_parse_choices(parser, value, expected):
    assert parser(value) == expected


def test_headers_accept_siasn_and_english_aliases():
    mapping = imports.map_headers(["No", "NIP BARU", "Nama", "tgl lahir", "Gender", "UNOR", "whatever"])
    assert mapping == {1: "nip", 2: "name", 3: "birth_date", 4: "gender", 5: "unit"}


# --- Helpers --------------------------------------------------------------------------


def _new_row(world, **overrides):
    row = {
        "NIP": nip_for(date(1990, 4, 12), date(2019, 3, 1), "f", 7),
        "NIK": "7604015204900003",
        "NAMA": "Nurul Hidayah",
        "GELAR BELAKANG": "S.Pd.",
        "TEMPAT LAHIR": "Majene",
        "TANGGAL LAHIR": "12-04-1990",
        "JENIS KELAMIN": "P",
        "AGAMA": "Islam",
        "STATUS KAWIN": "Kawin",
        "STATUS PEGAWAI": "PNS",
        "TMT CPNS": "01/03/2019",
        "TMT PNS": "1 Maret 2020",
        "GOLONGAN": "Penata Muda (III/a)",
        "TMT GOLONGAN": date(2019, 3, 1),
        "JABATAN": world.staff_position.name,
        "UNIT KERJA": world.division.name,
        "TMT JABATAN": "2019-03-01",
        "PENDIDIKAN": "S1",
        "TELEPON": "081355500011",
        "EMAIL": "nurul@example.go.id",
    }
    row.update(overrides)
    return row


def _existing_row(employee, **overrides):
    employee = Employee.objects.select_related("current_position__org_unit", "current_golongan").get(pk=employee.pk)
    row = {
        "NIP": employee.nip,
        "NAMA": employee.name,
        "TANGGAL LAHIR": employee.birth_date,
        "JENIS KELAMIN": "L" if employee.gender == "m" else "P",
        "STATUS PEGAWAI": employee.status.upper(),
        "TMT CPNS": employee.first_appointment_date,
        "GOLONGAN": employee.current_golongan.code,
        "JABATAN": employee.current_position.name,
        "UNIT KERJA": employee.current_position.org_unit.name,
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows: list[dict]) -> bytes:
    headers = []
    for row in rows:
        headers += [h for h in row if h not in headers]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR PEGAWAI KABUPATEN MAMUJU"])  # SIASN title block
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, content: bytes, name="pegawai.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("people:import-upload"), {"file": SimpleUploadedFile(name, content)})


def _job(response) -> ImportJob:
    assert response.status_code == 302, response.content[:500]
    return ImportJob.objects.get(public_id=response.url.rstrip("/").split("/")[-1])


def _actions(job) -> dict[str, str]:
    return {row["nip"]: row["action"] for row in job.report}


# --- Dry run -----------------------------------------------------------------------------


def test_dry_run_reports_create_update_unchanged_and_refusals_without_writing(world, login):
    client = login(world.hr_admin)
    other = world.other_pemda_employee
    rows = [
        _new_row(world),
        _existing_row(world.employee, TELEPON="0811111111"),
        _existing_row(world.peer),
        _new_row(world, NIP="198609262015051000", NIK="7604010101010001"),  # serial 000
        _existing_row(other),
        _new_row(world, NIK="7604015204900099"),  # same NIP as row 3
    ]
    before = (Employee.objects.count(), AuditEvent.objects.count())

    job = _job(_upload(client, xlsx_bytes(rows)))

    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    by_row = {row["row"]: row for row in job.report}
    assert [by_row[n]["action"] for n in range(3, 9)] == ["create", "update", "unchanged", "refused", "refused", "refused"]
    assert by_row[4]["changes"] == {"phone": [world.employee.phone or "", "0811111111"]}
    assert any("000" in reason for reason in by_row[6]["reasons"])
    assert by_row[7]["reasons"] == [
        _("This NIP belongs to an employee of another regional government; it cannot be imported here.")
    ]
    assert by_row[7]["name"] == other.name  # the sheet's own text only
    assert by_row[7]["changes"] == {}
    assert _("The same NIP is already on row %(row)s.") % {"row": 3} in by_row[8]["reasons"]
    assert job.summary == {"create": 1, "update": 1, "unchanged": 1, "refused": 3, "total": 6}
    assert (Employee.objects.count(), AuditEvent.objects.count()) == before

    page = client.get(reverse("people:import-detail", args=[job.public_id]))
    assert page.status_code == 200
    assert "Apply the import" not in page.content.decode()
    report = client.get(reverse("people:import-report", args=[job.public_id]))
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(report.content)).active
    assert sheet.max_row == 7


def test_refusal_reasons_name_the_column(world, login):
    client = login(world.hr_admin)
    rows = [
        _new_row(world, **{"TANGGAL LAHIR": "13-04-1990"}),  # contradicts the NIP
        _new_row(world, NIP="1.99004122019032E+17", NIK="7604015204900004"),
        _new_row(world, NIP=nip_for(date(1991, 1, 1), date(2019, 3, 1), "f", 8), NIK="7604015204900005",
                 **{"TANGGAL LAHIR": "01-01-1991", "GOLONGAN": "IX"}),
        _new_row(world, NIP=nip_for(date(1992, 1, 1), date(2019, 3, 1), "f", 9), NIK="7604015204900006",
                 **{"TANGGAL LAHIR": "01-01-1992", "JABATAN": "Tidak Ada"}),
        _new_row(world, NIP=nip_for(date(1993, 1, 1), date(2019, 3, 1), "f", 10), NIK=world.employee.nik,
                 **{"TANGGAL LAHIR": "01-01-1993"}),
    ]
    job = _job(_upload(client, xlsx_bytes(rows)))
    job.refresh_from_db()
    reasons = [" ".join(row["reasons"]) for row in job.report]
    # Messages are in the default language (Indonesian); compare through the catalogue.
    assert _("The birth date does not match digits 1–8 of the NIP (%(date)s).") % {"date": "12-04-1990"} in reasons[0]
    assert _(
        "%(label)s was stored as a number and has lost its last digits; format the column as text and type it again."
    ) % {"label": "NIP"} in reasons[1]
    assert "GOLONGAN" in reasons[2]
    assert "JABATAN" in reasons[3]
    assert "NIK" in reasons[4]
    assert world.employee.name not in reasons[4]
    assert all(row["action"] == "refused" for row in job.report)


def test_csv_with_semicolons_and_text_dates(world, login):
    client = login(world.hr_admin)
    row = _new_row(world, **{"TMT GOLONGAN": "01-03-2019"})
    content = ";".join(row) + "\n" + ";".join(str(v) for v in row.values()) + "\n"
    job = _job(_upload(client, ("\ufeff" + content).encode("utf-8"), name="siasn.csv"))
    job.refresh_from_db()
    assert [r["action"] for r in job.report] == ["create"], job.report


# --- Apply ---------------------------------------------------------------------------------


def test_apply_writes_everything_and_a_second_import_changes_nothing(world, login):
    client = login(world.hr_admin)
    content = xlsx_bytes([
        _new_row(world),
        _existing_row(world.employee, TELEPON="0811111111", GOLONGAN="III/b", **{"TMT GOLONGAN": "01-04-2020"}),
    ])
    job = _job(_upload(client, content))
    events_before = AuditEvent.objects.count()

    response = client.post(reverse("people:import-apply", args=[job.public_id]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED, job.error
    created = Employee.objects.get(nip=_new_row(world)["NIP"])
    assert created.pemda_id == world.pemda.pk
    assert created.user.username == created.nip
    assert not created.user.has_usable_password()
    assert created.current_golongan.code == "III/a"
    assert created.current_position_id == world.staff_position.pk
    assert created.current_education == "s1"
    assert created.retirement_date is not None
    assert employee_refresh_current(created) is False  # bulk projection == the service's
    updated = Employee.objects.get(pk=world.employee.pk)
    assert updated.phone == "0811111111"
    assert updated.current_golongan.code == "III/b"
    assert employee_refresh_current(updated) is False
    assert RankHistory.objects.filter(employee=updated).count() == 2
    events = list(AuditEvent.objects.order_by("pk")[events_before:])
    assert sorted(e.action for e in events) == [
        "people.employee_created", "people.employee_updated", "people.employees_imported",
    ]
    update_event = next(e for e in events if e.action == "people.employee_updated")
    assert update_event.changes["phone"][1] == "0811111111"
    assert update_event.target_id == str(world.employee.public_id)

    counts = (Employee.objects.count(), RankHistory.objects.count(), PositionHistory.objects.count(),
              get_user_model().objects.count(), AuditEvent.objects.count())
    again = _job(_upload(client, content))
    again.refresh_from_db()
    assert set(_actions(again).values()) == {"unchanged"}
    page = client.get(reverse("people:import-detail", args=[again.public_id]))
    assert "Apply the import" not in page.content.decode()
    imports.import_apply(again.pk, world.hr_admin.user.pk)  # even when forced
    assert (Employee.objects.count(), RankHistory.objects.count(), PositionHistory.objects.count(),
            get_user_model().objects.count(), AuditEvent.objects.count()) == counts


def test_apply_is_refused_while_any_row_is_refused(world, login):
    client = login(world.hr_admin)
    job = _job(_upload(client, xlsx_bytes([_new_row(world), _new_row(world, NIP="123")])))
    before = Employee.objects.count()

    client.post(reverse("people:import-apply", args=[job.public_id]))

    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    assert Employee.objects.count() == before


def test_apply_is_all_or_nothing_when_the_data_changed_since_the_check(world, login):
    client = login(world.hr_admin)
    second = _new_row(world, NIP=nip_for(date(1991, 5, 5), date(2019, 3, 1), "m", 11), NIK="7604010505910001",
                      **{"TANGGAL LAHIR": "05-05-1991", "JENIS KELAMIN": "L"})
    job = _job(_upload(client, xlsx_bytes([_new_row(world), second])))
    assert job.__class__.objects.get(pk=job.pk).summary["refused"] == 0
    # Meanwhile someone registers the second row's NIK.
    Employee.objects.filter(pk=world.peer.pk).update(nik="7604010505910001")
    before = (Employee.objects.count(), AuditEvent.objects.count(), get_user_model().objects.count())

    client.post(reverse("people:import-apply", args=[job.public_id]))

    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    assert job.error == _("Nothing was imported: the data changed since the check and some rows are now refused.")
    assert job.summary["refused"] == 1
    assert (Employee.objects.count(), AuditEvent.objects.count(), get_user_model().objects.count()) == before


def test_apply_rolls_back_on_an_unexpected_error(world, login, monkeypatch):
    client = login(world.hr_admin)
    job = _job(_upload(client, xlsx_bytes([_new_row(world)])))
    before = (Employee.objects.count(), get_user_model().objects.count(), AuditEvent.objects.count())

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports.writing, "audit_record_many", boom)
    client.post(reverse("people:import-apply", args=[job.public_id]))

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert (Employee.objects.count(), get_user_model().objects.count(), AuditEvent.objects.count()) == before


# --- Permissions -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "auditor"])
def test_only_hr_may_import(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("people:import-upload")).status_code == 403
    assert client.get(reverse("people:import-template")).status_code == 403
    assert _upload(client, xlsx_bytes([_new_row(world)])).status_code == 403


def test_jobs_of_another_pemda_are_not_found(world, login):
    job = _job(_upload(login(world.hr_admin), xlsx_bytes([_new_row(world)])))
    client = login(world.other_pemda_admin)
    assert client.get(reverse("people:import-detail", args=[job.public_id])).status_code == 404
    assert client.post(reverse("people:import-apply", args=[job.public_id])).status_code == 404


def test_template_names_every_column_with_an_example_and_notes(world, login):
    response = login(world.hr_admin).get(reverse("people:import-template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == imports.HEADERS
    assert len(workbook.worksheets) == 2
    _, records = imports.read_sheet("t.xlsx", response.content)
    assert len(records) == 1  # one example row, marked as such; once a real NIP replaces the mark it parses cleanly
    assert imports.is_example_row(records[0][1])
    data, _extra, problems = imports._clean_row({**records[0][1], "nip": "198609262015051001"}, None)
    assert problems == []
    assert data["nip"] == "198609262015051001"


def test_the_untouched_template_imports_nothing_and_says_why(world, login):
    client = login(world.hr_admin)
    template = client.get(reverse("people:import-template")).content
    before = (Employee.objects.count(), AuditEvent.objects.count())

    job = _job(_upload(client, template))
    page = client.get(reverse("people:import-detail", args=[job.public_id])).content.decode()

    job.refresh_from_db()
    assert [row["action"] for row in job.report] == [imports.EXAMPLE]
    assert job.report[0]["reasons"] == [_("The example row of the template is not imported.")]
    assert job.summary["create"] == 0
    assert 'id="import-only-example"' in page
    assert _("The example row of the template is not imported.") in page
    assert client.post(reverse("people:import-apply", args=[job.public_id])).status_code == 302
    assert (Employee.objects.count(), AuditEvent.objects.count()) == before


def test_the_example_row_left_in_a_filled_template_does_not_block_the_other_rows(world, login):
    client = login(world.hr_admin)
    example = {"NIP": f"{imports.EXAMPLE_MARK} 198609262015051001", "NAMA": "Andi Muhammad Rahman"}

    job = _job(_upload(client, xlsx_bytes([example, _new_row(world)])))
    job.refresh_from_db()

    assert [row["action"] for row in job.report] == [imports.EXAMPLE, imports.CREATE]
    assert job.summary["refused"] == 0
    client.post(reverse("people:import-apply", args=[job.public_id]))
    assert Employee.objects.filter(name="Nurul Hidayah").exists()
    assert not Employee.objects.filter(name="Andi Muhammad Rahman").exists()


def test_upload_refuses_other_file_types(world, login):
    response = _upload(login(world.hr_admin), b"%PDF-1.4", name="pegawai.pdf")
    assert response.status_code == 422


# --- Typed text and hostile sheets (pamong.core.text, pamong.core.spreadsheets) ----------------------


def test_names_addresses_and_phones_are_checked_for_what_they_are(world, login):
    client = login(world.hr_admin)
    rows = [
        _new_row(world, NAMA="Nurul\u202eHidayah"),  # right-to-left override
        _new_row(world, NIP=nip_for(date(1991, 1, 1), date(2019, 3, 1), "f", 8), NIK="7604015204900005",
                 **{"TANGGAL LAHIR": "01-01-1991", "ALAMAT": "Jl. Ahmad\u200b Yani"}),  # zero-width space
        _new_row(world, NIP=nip_for(date(1992, 1, 1), date(2019, 3, 1), "f", 9), NIK="7604015204900006",
                 **{"TANGGAL LAHIR": "01-01-1992", "TELEPON": "hubungi saya"}),
        _new_row(world, NIP=nip_for(date(1993, 1, 1), date(2019, 3, 1), "f", 10), NIK="7604015204900007",
                 **{"TANGGAL LAHIR": "01-01-1993", "TELEPON": 81355500012}),  # a number cell lost its 0
    ]

    job = _job(_upload(client, xlsx_bytes(rows)))

    job.refresh_from_db()
    assert [row["action"] for row in job.report] == ["refused", "refused", "refused", "create"]
    reasons = [" ".join(row["reasons"]) for row in job.report]
    assert "NAMA" in reasons[0]
    assert "U+202E" in reasons[0]
    assert "ALAMAT" in reasons[1]
    assert "U+200B" in reasons[1]
    assert "TELEPON" in reasons[2]
    assert "081355500012" in str(job.report[3])


def test_the_dry_run_report_writes_formula_like_names_as_text(world, login):
    from pamong.core.tests.sheets import formula_cells

    client = login(world.hr_admin)
    row = _new_row(world, NAMA='=HYPERLINK("http://evil.example","klik")', **{"TMT GOLONGAN": "01-03-2019"})
    content = ";".join(row) + "\n" + ";".join(str(v) for v in row.values()) + "\n"
    job = _job(_upload(client, content.encode("utf-8"), name="pegawai.csv"))
    job.refresh_from_db()
    assert job.report[0]["name"].startswith("=HYPERLINK")

    report = client.get(reverse("people:import-report", args=[job.public_id]))

    assert report.status_code == 200
    assert formula_cells(report.content) == []
    values = [cell for row in load_workbook(io.BytesIO(report.content)).active.iter_rows(values_only=True)
              for cell in row]
    assert '=HYPERLINK("http://evil.example","klik")' in values
