"""Writes of the survey through the services: who may, what is refused (with nothing written), what is audited."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.feedback import errors
from pamong.feedback.audit import FeedbackAudit
from pamong.feedback.choices import Channel
from pamong.feedback.errors import FeedbackError
from pamong.feedback.models import ServicePoint, SurveyPeriod, SurveyResponse
from pamong.feedback.services import (
    CODE_ALPHABET,
    CODE_LENGTH,
    PaperRow,
    RespondentProfile,
    paper_responses_enter,
    period_close,
    period_create,
    response_submit,
    service_point_create,
    service_point_update,
)
from pamong.feedback.tests.factories import ServicePointFactory

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
ALL_FOUR = {f"U{i}": 4 for i in range(1, 10)}
DEVICE = "perangkat-uji-0123456789abcdef"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=WITA)


@pytest.fixture
def point(world):
    return ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user, name="Loket Legalisir")


def submit(point, **kwargs):
    values = {"answers": ALL_FOUR, "device_key": DEVICE, "now": at(2027, 3, 1, 9, 0)} | kwargs
    return response_submit(point_code=point.code, **values)


# --- Service points ------------------------------------------------------------------------------------------------


def test_hr_creates_a_point_with_an_unguessable_code_and_it_is_audited(world):
    point = service_point_create(actor=world.hr_admin.user, org_unit=world.division, name="  Loket Mutasi Guru ",
                                 yearly_users=2940)

    assert point.name == "Loket Mutasi Guru"
    assert point.pemda_id == world.pemda.pk
    assert len(point.code) == CODE_LENGTH
    assert set(point.code) <= set(CODE_ALPHABET)
    event = AuditEvent.objects.get(action=FeedbackAudit.POINT_CREATED)
    assert event.actor == world.hr_admin.user
    assert event.changes["yearly_users"] == [None, 2940]
    assert event.changes["code"] == [None, point.code]


def test_every_point_gets_its_own_code(world):
    codes = {service_point_create(actor=world.hr_admin.user, org_unit=world.division, name=f"Loket {i}").code
             for i in range(20)}
    assert len(codes) == 20


@pytest.mark.parametrize(
    ("persona", "unit", "allowed"),
    [
        ("hr_admin", "division", True),
        ("unit_head", "education", True),  # Kepala Dinas Pendidikan
        ("unit_head", "division", True),  # … and the bidang below it
        ("supervisor", "division", True),  # Kepala Bidang: their own unit
        ("supervisor", "education", False),  # … not the dinas above
        ("outsider", "division", False),  # Kepala Dinas Kesehatan: another unit tree
        ("employee", "division", False),
        ("executive", "division", False),  # sees results, manages no other unit's points
        ("auditor", "division", False),
        ("other_pemda_admin", "division", False),  # HR of Kota Palu
    ],
)
def test_who_may_create_a_service_point(world, persona, unit, allowed):
    actor = getattr(world, persona).user

    def create():
        return service_point_create(actor=actor, org_unit=getattr(world, unit), name="Loket Uji")

    if allowed:
        assert create().pk
    else:
        with pytest.raises(PermissionDenied):
            create()
        assert not ServicePoint.objects.exists()
        assert not AuditEvent.objects.filter(action=FeedbackAudit.POINT_CREATED).exists()


def test_update_audits_only_what_changed_and_keeps_the_code(world, point):
    code = point.code

    service_point_update(actor=world.supervisor.user, point=point, name=point.name, description="Lantai 1",
                         yearly_users=500, is_active=False)

    point.refresh_from_db()
    assert (point.code, point.description, point.yearly_users, point.is_active) == (code, "Lantai 1", 500, False)
    event = AuditEvent.objects.get(action=FeedbackAudit.POINT_UPDATED)
    assert event.changes == {"description": ["", "Lantai 1"], "yearly_users": [1000, 500], "is_active": [True, False]}


def test_a_unit_head_cannot_move_a_point_out_of_their_tree(world, point):
    with pytest.raises(PermissionDenied):
        service_point_update(actor=world.supervisor.user, point=point, name=point.name, description="",
                             yearly_users=None, is_active=True, org_unit=world.health)
    point.refresh_from_db()
    assert point.org_unit == world.division


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"name": "  "}, errors.INVALID_NAME),
        ({"name": "Loket\u202eA"}, errors.INVALID_NAME),
        ({"yearly_users": -1}, errors.INVALID_POPULATION),
        ({"yearly_users": True}, errors.INVALID_POPULATION),
    ],
)
def test_bad_point_input_is_refused(world, fields, code):
    with pytest.raises(FeedbackError) as refused:
        service_point_create(actor=world.hr_admin.user, org_unit=world.division, **({"name": "Loket"} | fields))
    assert refused.value.code == code
    assert not ServicePoint.objects.exists()


# --- Periods -------------------------------------------------------------------------------------------------------


def test_periods_of_one_agency_do_not_overlap(world, semester):
    with pytest.raises(FeedbackError) as refused:
        period_create(actor=world.hr_admin.user, pemda=world.pemda, name="Triwulan II 2027",
                      start_date=date(2027, 6, 30), end_date=date(2027, 9, 30))
    assert refused.value.code == errors.PERIOD_OVERLAP

    second = period_create(actor=world.hr_admin.user, pemda=world.pemda, name="Semester II 2027",
                           start_date=date(2027, 7, 1), end_date=date(2027, 12, 31))
    # another agency has its own calendar
    other = period_create(actor=world.other_pemda_admin.user, pemda=world.other_pemda, name="Semester I 2027",
                          start_date=date(2027, 1, 1), end_date=date(2027, 6, 30))

    assert second.pk
    assert other.pk
    assert AuditEvent.objects.filter(action=FeedbackAudit.PERIOD_CREATED).count() == 2


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2027, 7, 1), date(2027, 6, 30)), (date(2027, 1, 1), date(2028, 1, 1))],
)
def test_a_period_ends_after_it_starts_and_lasts_at_most_a_year(world, start, end):
    with pytest.raises(FeedbackError) as refused:
        period_create(actor=world.hr_admin.user, pemda=world.pemda, name="Salah", start_date=start, end_date=end)
    assert refused.value.code == errors.INVALID_PERIOD


def test_a_period_may_last_a_whole_year(world):
    period = period_create(actor=world.hr_admin.user, pemda=world.pemda, name="Tahun 2028",
                           start_date=date(2028, 1, 1), end_date=date(2028, 12, 31))
    assert period.is_open


@pytest.mark.parametrize("persona", ["unit_head", "employee", "executive", "other_pemda_admin"])
def test_only_hr_of_the_agency_creates_and_closes_periods(world, semester, persona):
    actor = getattr(world, persona).user
    with pytest.raises(PermissionDenied):
        period_create(actor=actor, pemda=world.pemda, name="Semester II 2027", start_date=date(2027, 7, 1),
                      end_date=date(2027, 12, 31))
    with pytest.raises(PermissionDenied):
        period_close(actor=actor, period=semester)
    assert SurveyPeriod.objects.get().is_open


def test_closing_a_period_twice_conflicts(world, semester):
    period_close(actor=world.hr_admin.user, period=semester)
    with pytest.raises(FeedbackError) as refused:
        period_close(actor=world.hr_admin.user, period=semester)
    assert (refused.value.code, refused.value.http_status) == (errors.PERIOD_CLOSED, 409)
    assert AuditEvent.objects.filter(action=FeedbackAudit.PERIOD_CLOSED).count() == 1


# --- The public questionnaire --------------------------------------------------------------------------------------


def test_an_online_questionnaire_is_recorded_anonymously_in_the_open_period(point, semester):
    response = submit(point, profile=RespondentProfile(gender="f", age_band="30_39", education="bachelor",
                                                       occupation="self_employed", service_type="Legalisir ijazah"),
                      comment="  Pelayanan cepat. <b>Terima kasih</b> \n")

    response.refresh_from_db()
    assert response.channel == Channel.ONLINE
    assert response.period == semester
    assert response.answers == ALL_FOUR
    assert response.response_date == date(2027, 3, 1)
    assert response.comment == "Pelayanan cepat. <b>Terima kasih</b>"  # plain text, escaped when shown
    assert response.entered_by is None
    assert DEVICE not in response.device_day_key
    assert len(response.device_day_key) == 64
    assert not AuditEvent.objects.filter(action__startswith="feedback.").exists()


def test_a_device_answers_once_per_point_and_local_day_and_again_the_next_local_day(world, point, semester):
    # given an answer at 23:00 WITA on 10 March (15:00 UTC)
    submit(point, now=at(2027, 3, 10, 23, 0))

    # when the same phone answers at 23:59 WITA, then it is refused
    with pytest.raises(FeedbackError) as refused:
        submit(point, now=at(2027, 3, 10, 23, 59))
    assert (refused.value.code, refused.value.http_status) == (errors.ALREADY_ANSWERED_TODAY, 409)

    # at 00:00 WITA on 11 March — still 10 March in UTC — it is a new local day
    next_day = submit(point, now=at(2027, 3, 11, 0, 0))
    assert next_day.response_date == date(2027, 3, 11)
    # another phone, and the same phone at another point, the same day
    submit(point, now=at(2027, 3, 10, 23, 30), device_key="perangkat-lain-0123456789")
    other_point = ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user)
    submit(other_point, now=at(2027, 3, 10, 23, 30))
    assert SurveyResponse.objects.count() == 4


def test_the_day_is_the_agencys_own(world, point, semester):
    world.pemda.timezone = "Asia/Jayapura"  # WIT, UTC+9
    world.pemda.save()
    # 23:30 WITA on 10 March is 00:30 WIT on 11 March
    assert submit(point, now=at(2027, 3, 10, 23, 30)).response_date == date(2027, 3, 11)


@pytest.mark.parametrize("active", ["point", "pemda"])
def test_an_inactive_point_is_not_found(world, point, semester, active):
    if active == "point":
        ServicePoint.objects.filter(pk=point.pk).update(is_active=False)
    else:
        world.pemda.is_active = False
        world.pemda.save()

    with pytest.raises(FeedbackError) as refused:
        submit(point)

    assert (refused.value.code, refused.value.http_status) == (errors.POINT_NOT_FOUND, 404)
    assert not SurveyResponse.objects.exists()


def test_an_unknown_code_is_not_found(point, semester):
    with pytest.raises(FeedbackError) as refused:
        response_submit(point_code="tidakada2345", answers=ALL_FOUR, device_key=DEVICE, now=at(2027, 3, 1, 9))
    assert refused.value.code == errors.POINT_NOT_FOUND


def test_the_code_is_read_case_insensitively(point, semester):
    assert response_submit(point_code=f" {point.code.upper()} ", answers=ALL_FOUR, device_key=DEVICE,
                           now=at(2027, 3, 1, 9)).pk


@pytest.mark.parametrize("moment", [at(2026, 12, 31, 23, 59), at(2027, 7, 1, 0, 0)])
def test_outside_every_period_the_survey_is_closed(point, semester, moment):
    with pytest.raises(FeedbackError) as refused:
        submit(point, now=moment)
    assert refused.value.code == errors.NO_OPEN_PERIOD
    assert not SurveyResponse.objects.exists()


def test_a_closed_period_takes_no_more_online_questionnaires(world, point, semester):
    period_close(actor=world.hr_admin.user, period=semester)
    with pytest.raises(FeedbackError) as refused:
        submit(point)
    assert refused.value.code == errors.NO_OPEN_PERIOD


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        (ALL_FOUR | {"U3": 5}, errors.INVALID_ANSWER),
        (ALL_FOUR | {"U3": 0}, errors.INVALID_ANSWER),
        (ALL_FOUR | {"U3": "4"}, errors.INVALID_ANSWER),
        (ALL_FOUR | {"U3": True}, errors.INVALID_ANSWER),
        (ALL_FOUR | {"U10": 4}, errors.INVALID_ANSWER),
        ({code: v for code, v in ALL_FOUR.items() if code != "U9"}, errors.ANSWERS_INCOMPLETE),
        (ALL_FOUR | {"U4": None}, errors.ANSWERS_INCOMPLETE),
        ({}, errors.NO_ANSWER),
    ],
)
def test_answers_outside_1_to_4_or_missing_online_are_refused_with_nothing_written(point, semester, answers, code):
    with pytest.raises(FeedbackError) as refused:
        submit(point, answers=answers)
    assert refused.value.code == code
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"profile": RespondentProfile(gender="x")}, errors.INVALID_PROFILE),
        ({"profile": RespondentProfile(service_type="a" * 101)}, errors.INVALID_PROFILE),
        ({"comment": "x" * 1001}, errors.INVALID_COMMENT),
        ({"comment": "Bagus\u202e"}, errors.INVALID_COMMENT),
        ({"device_key": None}, errors.DEVICE_KEY_MISSING),
        ({"device_key": "pendek"}, errors.DEVICE_KEY_MISSING),
    ],
)
def test_bad_profile_comment_or_device_key_is_refused(point, semester, kwargs, code):
    with pytest.raises(FeedbackError) as refused:
        submit(point, **kwargs)
    assert refused.value.code == code
    assert not SurveyResponse.objects.exists()


# --- Paper questionnaires ------------------------------------------------------------------------------------------


def test_a_paper_batch_is_recorded_with_blanks_and_audited_once(world, point, semester):
    rows = [
        PaperRow(answers=ALL_FOUR),
        PaperRow(answers=ALL_FOUR | {"U4": None}, filled_on=date(2027, 2, 3)),
        PaperRow(answers={"U1": 2}, profile=RespondentProfile(occupation="student"), comment="Antrean panjang"),
    ]

    created = paper_responses_enter(actor=world.supervisor.user, point=point, period=semester, rows=rows)

    assert len(created) == 3
    stored = SurveyResponse.objects.order_by("pk")
    assert {r.channel for r in stored} == {Channel.PAPER}
    assert {r.entered_by_id for r in stored} == {world.supervisor.user.pk}
    assert [r.u4 for r in stored] == [4, None, None]
    assert [r.response_date for r in stored] == [None, date(2027, 2, 3), None]
    event = AuditEvent.objects.get(action=FeedbackAudit.PAPER_ENTERED)
    assert event.actor == world.supervisor.user
    assert event.changes == {"paper_responses": [None, 3], "period_id": [None, semester.pk]}


def test_a_paper_batch_with_one_bad_row_writes_nothing(world, point, semester):
    rows = [
        PaperRow(answers=ALL_FOUR),
        PaperRow(answers=ALL_FOUR | {"U2": 7}),
        PaperRow(answers={}),
        PaperRow(answers=ALL_FOUR, filled_on=date(2027, 7, 1)),
    ]

    with pytest.raises(FeedbackError) as refused:
        paper_responses_enter(actor=world.hr_admin.user, point=point, period=semester, rows=rows)

    assert refused.value.code == errors.INVALID_ROWS
    assert refused.value.extra["rows"] == [
        {"line": 2, "field": "U2", "problem": errors.INVALID_ANSWER},
        {"line": 3, "field": "answers", "problem": errors.NO_ANSWER},
        {"line": 4, "field": "filled_on", "problem": errors.INVALID_DATE},
    ]
    assert not SurveyResponse.objects.exists()
    assert not AuditEvent.objects.filter(action=FeedbackAudit.PAPER_ENTERED).exists()


@pytest.mark.parametrize("persona", ["employee", "peer", "outsider", "executive", "other_pemda_admin"])
def test_who_may_not_enter_paper_questionnaires(world, point, semester, persona):
    with pytest.raises(PermissionDenied):
        paper_responses_enter(actor=getattr(world, persona).user, point=point, period=semester,
                              rows=[PaperRow(answers=ALL_FOUR)])
    assert not SurveyResponse.objects.exists()


def test_paper_goes_into_an_open_period_of_the_points_own_agency(world, point, semester):
    other_period = SurveyPeriod.objects.create(pemda=world.other_pemda, name="Semester I 2027",
                                               start_date=date(2027, 1, 1), end_date=date(2027, 6, 30),
                                               created_by=world.other_pemda_admin.user)
    with pytest.raises(FeedbackError) as refused:
        paper_responses_enter(actor=world.hr_admin.user, point=point, period=other_period,
                              rows=[PaperRow(answers=ALL_FOUR)])
    assert refused.value.code == errors.INVALID_PERIOD

    period_close(actor=world.hr_admin.user, period=semester)
    with pytest.raises(FeedbackError) as refused:
        paper_responses_enter(actor=world.hr_admin.user, point=point, period=semester,
                              rows=[PaperRow(answers=ALL_FOUR)])
    assert refused.value.code == errors.PERIOD_CLOSED
    assert not SurveyResponse.objects.exists()


def test_an_empty_or_oversized_batch_is_refused(world, point, semester):
    for rows, code in (([], errors.NO_ROWS), ([PaperRow(answers=ALL_FOUR)] * 1001, errors.TOO_MANY_ROWS)):
        with pytest.raises(FeedbackError) as refused:
            paper_responses_enter(actor=world.hr_admin.user, point=point, period=semester, rows=rows)
        assert refused.value.code == code
