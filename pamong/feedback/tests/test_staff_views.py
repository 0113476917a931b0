"""The survey's staff pages: service points (list, form, activation, QR poster), survey periods, the paper grid,
the results with their report (.xlsx, PDF), the nav entry and the performance indicator source; scope and refusals
per persona; constant query counts on the results page."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pamong.audit.models import AuditEvent
from pamong.feedback.choices import Channel
from pamong.feedback.models import ANSWER_FIELDS, ServicePoint, SurveyPeriod, SurveyResponse
from pamong.feedback.services import tallies_rebuild
from pamong.feedback.tests.factories import ServicePointFactory, SurveyPeriodFactory, paper_rows
from pamong.performance.indicator_sources import source_figure

pytestmark = pytest.mark.django_db

FOURS = (4,) * 9
RESULTS = reverse("feedback:results")
POINTS = reverse("feedback:point-list")
PERIODS = reverse("feedback:period-list")


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The pages in English (the msgids), so the assertions on wording hold whatever the translations say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def desk(world):
    """A point of Bidang Pembinaan SD (in the Dinas Pendidikan tree), 1,000 users a year."""
    return ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user, name="Loket Perizinan SD",
                               yearly_users=1000)


@pytest.fixture
def clinic(world):
    """A point of the Dinas Kesehatan: another tree."""
    return ServicePointFactory(org_unit=world.health, created_by=world.hr_admin.user, name="Loket Puskesmas",
                               yearly_users=1000)


def commented(point, period, comments, *, entered_by, answers=FOURS, service_type=""):
    """Paper questionnaires carrying *comments*, one a minute apart (the last is the newest)."""
    start = timezone.now() - timedelta(days=1)
    created = SurveyResponse.objects.bulk_create(
        SurveyResponse(service_point=point, period=period, submitted_at=start + timedelta(minutes=n),
                       channel=Channel.PAPER, entered_by=entered_by, comment=comment, service_type=service_type,
                       **dict(zip(ANSWER_FIELDS.values(), answers, strict=True)))
        for n, comment in enumerate(comments))
    tallies_rebuild(period_ids=[period.pk])
    return created


def grid(period, rows, *, total=10) -> dict:
    """The paper grid's POST data: *rows* are dicts of answers (tuple of nine, None = blank) and other fields."""
    data = {"period": str(period.public_id), "rows-TOTAL_FORMS": str(total), "rows-INITIAL_FORMS": "0",
            "rows-MIN_NUM_FORMS": "0", "rows-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        for number, value in enumerate(row.get("answers", ()), start=1):
            data[f"rows-{index}-u{number}"] = "" if value is None else str(value)
        for name, value in row.items():
            if name != "answers":
                data[f"rows-{index}-{name}"] = value
    return data


# --- Who may open what ------------------------------------------------------------------------------------------


def test_hr_sees_every_point_a_unit_head_only_their_tree(client, login, world, desk, clinic):
    login(world.hr_admin)
    body = client.get(POINTS).content.decode()
    assert desk.name in body
    assert clinic.name in body
    assert 'id="skm-point-create"' in body
    swapped = client.get(POINTS, {"q": "Puskesmas"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in swapped
    assert clinic.name in swapped
    assert desk.name not in swapped

    login(world.unit_head)  # Kepala Dinas Pendidikan: the dinas and its bidang
    body = client.get(POINTS).content.decode()
    assert desk.name in body
    assert clinic.name not in body


@pytest.mark.parametrize("persona", ["executive", "auditor"])
def test_the_executive_and_the_auditor_read_results_but_change_nothing(client, login, world, desk, semester,
                                                                        persona):
    paper_rows(desk, semester, [FOURS], entered_by=world.hr_admin.user)
    login(getattr(world, persona))
    assert client.get(RESULTS).status_code == 200
    assert client.get(RESULTS, {"point": str(desk.public_id)}).status_code == 200
    detail = client.get(reverse("feedback:point-detail", args=[desk.public_id]))
    assert detail.status_code == 200
    assert 'id="point-edit"' not in detail.content.decode()
    assert client.get(reverse("feedback:point-edit", args=[desk.public_id])).status_code == 403
    assert client.post(reverse("feedback:point-activate", args=[desk.public_id]), {"active": "0"}).status_code == 403
    assert client.get(reverse("feedback:point-poster", args=[desk.public_id])).status_code == 403
    assert client.get(reverse("feedback:paper-entry", args=[desk.public_id])).status_code == 403
    assert client.get(PERIODS).status_code == 403
    assert client.post(reverse("feedback:period-close", args=[semester.public_id])).status_code == 403
    desk.refresh_from_db()
    semester.refresh_from_db()
    assert desk.is_active is True
    assert semester.is_open is True


def test_an_ordinary_employee_is_refused_every_page(client, login, world, desk, semester):
    login(world.employee)
    for url in (RESULTS, POINTS, PERIODS, reverse("feedback:point-create"), reverse("feedback:period-create"),
                reverse("feedback:results-xlsx"), reverse("feedback:results-pdf")):
        assert client.get(url).status_code == 403, url
    # Refused before any lookup (so a 403 says nothing about whether the object exists).
    assert client.get(reverse("feedback:point-detail", args=[desk.public_id])).status_code == 403
    assert client.get(reverse("feedback:paper-entry", args=[desk.public_id])).status_code == 404
    assert client.post(reverse("feedback:period-close", args=[semester.public_id])).status_code == 403


def test_another_agencys_hr_finds_none_of_mamujus_objects(client, login, world, desk, semester):
    login(world.other_pemda_admin)
    for name in ("point-detail", "point-edit", "point-poster", "paper-entry"):
        assert client.get(reverse(f"feedback:{name}", args=[desk.public_id])).status_code == 404, name
    assert client.post(reverse("feedback:point-activate", args=[desk.public_id]), {"active": "0"}).status_code == 404
    assert client.post(reverse("feedback:period-close", args=[semester.public_id])).status_code == 404
    assert client.get(RESULTS, {"point": str(desk.public_id)}).status_code == 404
    assert client.get(RESULTS, {"period": str(semester.public_id)}).status_code == 404
    assert desk.name not in client.get(POINTS).content.decode()
    semester.refresh_from_db()
    assert semester.is_open is True


def test_a_unit_head_of_another_tree_finds_nothing_of_this_one(client, login, world, desk, clinic, semester):
    login(world.outsider)  # Kepala Dinas Kesehatan
    for name in ("point-detail", "point-edit", "point-poster", "paper-entry"):
        assert client.get(reverse(f"feedback:{name}", args=[desk.public_id])).status_code == 404, name
    assert client.get(RESULTS, {"point": str(desk.public_id)}).status_code == 404
    assert client.get(RESULTS, {"unit": str(world.education.public_id)}).status_code == 404
    # their own tree is theirs: the results default to their unit
    page = client.get(RESULTS)
    assert page.status_code == 200
    assert world.health.name in page.content.decode()
    assert client.get(reverse("feedback:point-detail", args=[clinic.public_id])).status_code == 200


def test_the_nav_shows_the_survey_to_those_allowed(client, login, world):
    home = reverse("people:home")
    for persona, shown in (("hr_admin", True), ("executive", True), ("auditor", True), ("unit_head", True),
                           ("employee", False)):
        login(getattr(world, persona))
        assert ('id="nav-feedback"' in client.get(home).content.decode()) is shown, persona


# --- Service points ---------------------------------------------------------------------------------------------


def test_hr_creates_a_point_through_the_form(client, login, world):
    login(world.hr_admin)
    form = client.get(reverse("feedback:point-create"))
    assert form.status_code == 200
    assert world.health.name in form.content.decode()

    done = client.post(reverse("feedback:point-create"), {
        "org_unit": str(world.division.public_id), "name": "  Loket Pendaftaran Sekolah ", "description": "",
        "yearly_users": "2940"})

    point = ServicePoint.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("feedback:point-detail", args=[point.public_id])
    assert (point.org_unit, point.pemda, point.name, point.yearly_users, point.is_active, point.created_by) == (
        world.division, world.pemda, "Loket Pendaftaran Sekolah", 2940, True, world.hr_admin.user)
    assert len(point.code) == 12
    assert AuditEvent.objects.filter(action="feedback.point_created").count() == 1


def test_a_bad_point_is_refused_on_the_form_with_nothing_saved(client, login, world):
    login(world.hr_admin)
    refused = client.post(reverse("feedback:point-create"), {
        "org_unit": str(world.division.public_id), "name": "", "yearly_users": "-5"})
    assert refused.status_code == 422
    assert not ServicePoint.objects.exists()


def test_a_unit_head_creates_points_in_their_tree_only(client, login, world):
    login(world.unit_head)
    form = client.get(reverse("feedback:point-create")).content.decode()
    assert world.division.name in form
    assert world.health.name not in form

    outside = client.post(reverse("feedback:point-create"), {"org_unit": str(world.health.public_id),
                                                             "name": "Loket Puskesmas"})
    assert outside.status_code == 422
    assert not ServicePoint.objects.exists()

    inside = client.post(reverse("feedback:point-create"), {"org_unit": str(world.division.public_id),
                                                            "name": "Loket Bidang SD"})
    assert inside.status_code == 302
    assert ServicePoint.objects.get().org_unit == world.division


def test_the_point_is_edited_and_deactivated_and_activated_again(client, login, world, desk):
    login(world.unit_head)
    edit = reverse("feedback:point-edit", args=[desk.public_id])
    assert client.get(edit).status_code == 200
    done = client.post(edit, {"org_unit": str(world.education.public_id), "name": "Loket Dinas",
                              "description": "Lantai 1", "yearly_users": ""})
    assert done.status_code == 302
    desk.refresh_from_db()
    assert (desk.org_unit, desk.name, desk.description, desk.yearly_users) == (
        world.education, "Loket Dinas", "Lantai 1", None)

    activate = reverse("feedback:point-activate", args=[desk.public_id])
    client.post(activate, {"active": "0"})
    desk.refresh_from_db()
    assert desk.is_active is False
    assert desk.name in client.get(POINTS, {"status": "inactive"}).content.decode()
    assert desk.name not in client.get(POINTS, {"status": "active"}).content.decode()
    client.post(activate, {"active": "1"})
    desk.refresh_from_db()
    assert desk.is_active is True
    assert AuditEvent.objects.filter(action="feedback.point_updated").count() == 3


def test_the_detail_shows_the_public_link_and_the_poster_downloads(client, login, world, desk):
    login(world.hr_admin)
    detail = client.get(reverse("feedback:point-detail", args=[desk.public_id])).content.decode()
    assert f"/skm/{desk.code}/" in detail
    assert 'id="point-public-url"' in detail

    poster = client.get(reverse("feedback:point-poster", args=[desk.public_id]))

    assert poster.status_code == 200
    assert poster["Content-Type"] == "application/pdf"
    assert poster["Content-Disposition"] == 'attachment; filename="poster-skm-loket-perizinan-sd.pdf"'
    assert poster.content.startswith(b"%PDF")


# --- Survey periods ---------------------------------------------------------------------------------------------


def test_hr_creates_lists_and_closes_periods(client, login, world, semester):
    login(world.hr_admin)
    done = client.post(reverse("feedback:period-create"), {"name": "Semester II 2027", "start_date": "01-07-2027",
                                                           "end_date": "31-12-2027"})
    assert done.status_code == 302
    second = SurveyPeriod.objects.get(name="Semester II 2027")
    assert (second.pemda, second.start_date, second.end_date, second.is_open) == (
        world.pemda, date(2027, 7, 1), date(2027, 12, 31), True)

    overlap = client.post(reverse("feedback:period-create"), {"name": "Tahun 2027", "start_date": "01-03-2027",
                                                              "end_date": "31-08-2027"})
    assert overlap.status_code == 422
    assert "Semester" in overlap.content.decode()
    assert SurveyPeriod.objects.count() == 2

    listing = client.get(PERIODS).content.decode()
    assert "Semester I 2027" in listing
    assert "Semester II 2027" in listing

    assert client.post(reverse("feedback:period-close", args=[semester.public_id])).status_code == 302
    semester.refresh_from_db()
    assert semester.is_open is False
    again = client.post(reverse("feedback:period-close", args=[semester.public_id]), follow=True)
    assert "This survey period is already closed." in again.content.decode()
    assert AuditEvent.objects.filter(action="feedback.period_closed").count() == 1


@pytest.mark.parametrize("persona", ["unit_head", "employee"])
def test_only_hr_manages_periods(client, login, world, semester, persona):
    login(getattr(world, persona))
    assert client.get(PERIODS).status_code == 403
    assert client.get(reverse("feedback:period-create")).status_code == 403
    assert client.post(reverse("feedback:period-create"), {"name": "X", "start_date": "01-07-2027",
                                                           "end_date": "31-12-2027"}).status_code == 403
    assert client.post(reverse("feedback:period-close", args=[semester.public_id])).status_code == 403
    assert SurveyPeriod.objects.count() == 1


# --- Paper questionnaires ---------------------------------------------------------------------------------------


def test_a_paper_batch_saves_its_rows_as_paper_entered_by_the_actor(client, login, world, desk, semester):
    login(world.unit_head)
    url = reverse("feedback:paper-entry", args=[desk.public_id])
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('id="paper-row-') == 10

    rows = [
        {"answers": FOURS},
        {"answers": (3, 3, 3, None, 3, 3, 3, 3, 2), "gender": "f", "age_band": "30_39", "education": "sma",
         "occupation": "self_employed", "service_type": "Izin usaha", "filled_on": "15-03-2027",
         "comment": "Antrian lama"},
        {},  # an empty row is skipped
        {"answers": (1,) + (None,) * 8},
    ]
    done = client.post(url, grid(semester, rows))

    assert done.status_code == 302
    saved = SurveyResponse.objects.order_by("pk")
    assert saved.count() == 3
    assert {(r.channel, r.entered_by, r.service_point, r.period) for r in saved} == {
        (Channel.PAPER, world.unit_head.user, desk, semester)}
    second = saved[1]
    assert (second.answers["U4"], second.u9, second.gender, second.age_band, second.education, second.occupation,
            second.service_type, second.response_date, second.comment) == (
        None, 2, "f", "30_39", "sma", "self_employed", "Izin usaha", date(2027, 3, 15), "Antrian lama")
    assert saved[2].answers == {"U1": 1, **{f"U{n}": None for n in range(2, 10)}}
    after = client.get(done["Location"]).content.decode()
    assert "3 paper questionnaires saved" in after
    assert "This point has 3 questionnaires" in after
    assert AuditEvent.objects.filter(action="feedback.paper_entered").count() == 1


def test_an_invalid_row_saves_nothing_and_shows_the_rows_error(client, login, world, desk, semester):
    login(world.hr_admin)
    url = reverse("feedback:paper-entry", args=[desk.public_id])

    answer_five = client.post(url, grid(semester, [{"answers": FOURS}, {"answers": (4, 5, 4, 4, 4, 4, 4, 4, 4)}]))

    assert answer_five.status_code == 422
    assert not SurveyResponse.objects.exists()
    body = answer_five.content.decode()
    assert 'data-row-error="2"' in body
    assert 'data-row-error="1"' not in body
    assert 'value="5"' in body  # what was typed is kept

    # a problem only the service sees: the date written on the form is outside the period
    outside = client.post(url, grid(semester, [{"answers": FOURS}, {}, {"answers": FOURS,
                                                                        "filled_on": "01-01-2026"}]))
    assert outside.status_code == 422
    assert not SurveyResponse.objects.exists()
    body = outside.content.decode()
    assert 'id="paper-errors"' in body
    assert "The date is outside the survey period." in body
    assert 'data-row-error="3"' not in body  # field errors sit under the field; the card is marked
    assert 'id="paper-row-3"' in body

    profile_only = client.post(url, grid(semester, [{"gender": "m"}]))
    assert profile_only.status_code == 422
    assert 'data-row-error="1"' in profile_only.content.decode()
    assert not SurveyResponse.objects.exists()


def test_more_rows_keep_what_was_typed_and_a_closed_period_takes_nothing(client, login, world, desk, semester):
    login(world.hr_admin)
    url = reverse("feedback:paper-entry", args=[desk.public_id])
    data = grid(semester, [{"answers": (2,) * 9}]) | {"more": "1"}

    full = client.post(url, data)
    partial = client.post(url, data, headers={"HX-Request": "true", "HX-Target": "paper-grid"})

    assert full.content.decode().count('id="paper-row-') == 20
    assert 'name="rows-0-u1" value="2"' in full.content.decode().replace(
        'class="form-control form-control-sm text-center px-0" ', "")
    assert "<html" not in partial.content.decode()
    assert partial.content.decode().count('id="paper-row-') == 20
    assert not SurveyResponse.objects.exists()

    SurveyPeriod.objects.filter(pk=semester.pk).update(is_open=False)
    page = client.get(url)
    assert 'id="paper-no-period"' in page.content.decode()
    assert client.post(url, grid(semester, [{"answers": FOURS}])).status_code == 422
    assert not SurveyResponse.objects.exists()


# --- Results ----------------------------------------------------------------------------------------------------


def test_the_results_of_a_point_match_a_hand_computation(client, login, world, desk, semester):
    # given two complete questionnaires and one that left U4 blank and gave 1 for U9
    paper_rows(desk, semester, [FOURS, (3,) * 9, (4, 4, 4, None, 4, 4, 4, 4, 1)], entered_by=world.hr_admin.user)
    login(world.supervisor)  # Kepala Bidang: the bidang's own point

    page = client.get(RESULTS, {"period": str(semester.public_id), "point": str(desk.public_id)})

    # NRR U1–U3, U5–U8 = 11/3; U4 = (4 + 3) / 2 = 3.5 (two answered); U9 = (4 + 3 + 1) / 3 = 8/3 ≈ 2.67.
    # IKM = (7 × 11/3 + 7/2 + 8/3) / 9 = 3.537…; × 25 = 88.4259… → 88.43, band A (≥ 88.31), "Sangat Baik".
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="results-respondents">3<' in body
    assert 'data-value="88.43"' in body
    assert 'data-letter="A"' in body
    assert '<tr id="unsur-U9" class="table-warning" data-weakest>' in body
    assert 'data-value="2.67"' in body
    assert 'data-value="3.50"' in body
    assert "Persyaratan" in body  # the unsur names
    # Krejcie–Morgan: 1,000 users a year → 278 respondents; 3 is not enough
    assert "278" in body
    assert 'data-reached="no"' in body
    assert 'id="skm-trend"' in body
    assert 'id="skm-trend-table"' in body


def test_the_agency_and_unit_results_cover_their_points(client, login, world, desk, clinic, semester):
    paper_rows(desk, semester, [FOURS], entered_by=world.hr_admin.user)
    paper_rows(clinic, semester, [(2,) * 9], entered_by=world.hr_admin.user)
    login(world.executive)

    agency = client.get(RESULTS).content.decode()
    # every NRR = (4 + 2) / 2 = 3 → IKM 3 × 25 = 75.00, band C (65.00–76.60)
    assert 'id="results-respondents">2<' in agency
    assert 'data-value="75.00"' in agency
    assert 'data-letter="C"' in agency

    unit = client.get(RESULTS, {"unit": str(world.education.public_id)}).content.decode()
    assert 'id="results-respondents">1<' in unit
    assert 'data-value="100.00"' in unit

    swapped = client.get(RESULTS, {"unit": str(world.health.public_id)}, headers={"HX-Request": "true"})
    assert "<html" not in swapped.content.decode()
    assert 'data-value="50.00"' in swapped.content.decode()


def test_comments_are_escaped_newest_first_and_paginated(client, login, world, desk, semester):
    commented(desk, semester, [f"Komentar {n:02d}" for n in range(11)] + ["<script>alert(1)</script>"],
              entered_by=world.hr_admin.user)
    login(world.hr_admin)

    body = client.get(RESULTS, {"point": str(desk.public_id)}).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert body.index("&lt;script&gt;") < body.index("Komentar 10") < body.index("Komentar 02")
    assert "Komentar 01" not in body  # on page 2
    second = client.get(RESULTS, {"point": str(desk.public_id), "page": "2"},
                        headers={"HX-Request": "true", "HX-Target": "results-comments"}).content.decode()
    assert "<html" not in second
    assert 'id="results-respondents"' not in second
    assert "Komentar 01" in second
    assert "Komentar 00" in second
    assert desk.name in second


def test_the_xlsx_report_has_the_results_and_no_formula_even_from_a_comment(client, login, world, desk, semester):
    from openpyxl import load_workbook

    paper_rows(desk, semester, [FOURS, (3,) * 9, (4, 4, 4, None, 4, 4, 4, 4, 1)], entered_by=world.hr_admin.user)
    commented(desk, semester, ['=HYPERLINK("http://example.com","klik")', "@SUM(A1)"],
              entered_by=world.hr_admin.user, service_type="+62 812")
    login(world.auditor)

    response = client.get(reverse("feedback:results-xlsx"), {"point": str(desk.public_id)})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="laporan-skm-loket-perizinan-sd-')
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    values = [cell.value for cell in cells]
    assert '=HYPERLINK("http://example.com","klik")' in values
    assert "+62 812" in values
    # five questionnaires: the three above and the two commented ones (all 4)
    recap = workbook.worksheets[0]
    recap_values = [cell.value for row in recap.iter_rows() for cell in row]
    assert 5 in recap_values
    assert len(list(workbook.worksheets[1].iter_rows())) == 1 + 5


def test_the_pdf_report_is_a_pdf_even_with_markup_in_a_comment(client, login, world, desk, semester):
    commented(desk, semester, ["<b>tebal</b> & <font size=40>besar</font> 😀"], entered_by=world.hr_admin.user)
    login(world.hr_admin)

    response = client.get(reverse("feedback:results-pdf"), {"point": str(desk.public_id)})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_results_page_queries_do_not_grow_with_questionnaires(client, login, world, desk, semester,
                                                                  django_assert_num_queries):
    SurveyPeriodFactory(pemda=world.pemda, name="Semester II 2026", start_date=date(2026, 7, 1),
                        end_date=date(2026, 12, 31), created_by=world.hr_admin.user)
    commented(desk, semester, ["Bagus", "Cepat", "Ramah"], entered_by=world.hr_admin.user)
    login(world.hr_admin)
    for scope in ({}, {"point": str(desk.public_id)}, {"unit": str(world.education.public_id)}):
        params = {"period": str(semester.public_id), **scope}
        client.get(RESULTS, params)  # warm the per-user caches (menu counts, unit options)
        with CaptureQueriesContext(connection) as three:
            assert client.get(RESULTS, params).status_code == 200
        commented(desk, semester, [f"Komentar {n}" for n in range(27)], entered_by=world.hr_admin.user)
        with django_assert_num_queries(len(three.captured_queries)):
            page = client.get(RESULTS, params)
        body = page.content.decode()
        assert f'id="results-respondents">{SurveyResponse.objects.count()}<' in body
        SurveyResponse.objects.filter(comment__startswith="Komentar").delete()


# --- The performance indicator source ---------------------------------------------------------------------------


def test_the_units_ikm_is_a_performance_indicator_source(world, desk, clinic, semester):
    paper_rows(desk, semester, [FOURS, (3,) * 9, (4, 4, 4, None, 4, 4, 4, 4, 1)], entered_by=world.hr_admin.user)
    paper_rows(clinic, semester, [(1,) * 9], entered_by=world.hr_admin.user)

    def figure(unit, start=date(2027, 1, 1), end=date(2027, 6, 30)):
        return source_figure("public_satisfaction", employee_id=world.unit_head.pk, unit_id=unit.pk if unit else None,
                             start=start, end=end)

    open_figure = figure(world.education)  # the dinas' tree holds the desk, not the clinic
    assert open_figure.value == Decimal("88.43")
    assert open_figure.complete is False
    assert "Semester I 2027" in open_figure.note
    assert figure(world.education, date(2027, 3, 1), date(2027, 3, 31)).value == Decimal("88.43")  # a month
    assert figure(world.health).value == Decimal("25.00")
    assert figure(world.education, date(2026, 1, 1), date(2026, 12, 31)) is None  # no period that year
    assert figure(world.executive.current_unit) is None  # no point in that tree
    assert figure(None) is None

    SurveyPeriod.objects.filter(pk=semester.pk).update(is_open=False)
    assert figure(world.education, date(2027, 1, 1), date(2027, 12, 31)).complete is True
