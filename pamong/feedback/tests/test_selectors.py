"""Reads of the survey: results and trend against a recomputation from the rows, constant query counts, scope."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamong.feedback import rules
from pamong.feedback.models import SurveyResponse
from pamong.feedback.permissions import can_view_results
from pamong.feedback.selectors import results, service_points_visible_to, trend
from pamong.feedback.tests.factories import ServicePointFactory, SurveyPeriodFactory, paper_rows

pytestmark = pytest.mark.django_db

FOURS = (4,) * 9


@pytest.fixture
def desk(world):
    """A point of Bidang Pembinaan SD (in the Dinas Pendidikan tree), 1,000 users a year."""
    return ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user, yearly_users=1000)


@pytest.fixture
def front(world):
    """A point of the Dinas Pendidikan itself, 1,940 users a year."""
    return ServicePointFactory(org_unit=world.education, created_by=world.hr_admin.user, yearly_users=1940)


def recompute(rows) -> tuple[dict[str, Fraction | None], Decimal | None]:
    """The SKM of *rows* (tuples of nine answers, None = blank), from the regulation's definitions directly."""
    nrr = {}
    for i, code in enumerate(rules.UNSUR_CODES):
        answered = [row[i] for row in rows if row[i] is not None]
        nrr[code] = Fraction(sum(answered), len(answered)) if answered else None
    if any(value is None for value in nrr.values()):
        return nrr, None
    return nrr, rules.round_half_up(sum(nrr.values(), Fraction(0)) / 9 * 25, 2)


def test_results_of_a_point(world, desk, semester):
    # given two complete questionnaires and one that left U4 blank and gave 1 for U9
    paper_rows(desk, semester, [FOURS, (3,) * 9, (4, 4, 4, None, 4, 4, 4, 4, 1)], entered_by=world.hr_admin.user)

    found = results(pemda=world.pemda, period=semester, point=desk)

    assert found.respondents == 3
    by_code = {item.code: item for item in found.unsur}
    assert (by_code["U4"].answered, by_code["U4"].nrr) == (2, Fraction(7, 2))
    assert by_code["U9"].nrr == Fraction(8, 3)
    assert by_code["U9"].nrr_display == Decimal("2.67")
    assert found.weakest == "U9"
    nrr, nik = recompute([FOURS, (3,) * 9, (4, 4, 4, None, 4, 4, 4, 4, 1)])
    assert found.nrr == nrr
    assert found.nik == nik == Decimal("88.43")  # (7 × 11/3 + 7/2 + 8/3) ÷ 9 × 25 = 88.4259…
    assert found.category.letter == "A"
    assert (found.population, found.sample_required, found.sample_reached) == (1000, 278, False)


def test_results_of_a_unit_cover_its_tree_and_sum_its_population(world, desk, front, semester):
    elsewhere = ServicePointFactory(org_unit=world.health, created_by=world.hr_admin.user, yearly_users=50)
    paper_rows(desk, semester, [FOURS], entered_by=world.hr_admin.user)
    paper_rows(front, semester, [(2,) * 9], entered_by=world.hr_admin.user)
    paper_rows(elsewhere, semester, [(1,) * 9], entered_by=world.hr_admin.user)

    dinas = results(pemda=world.pemda, period=semester, unit=world.education)
    bidang = results(pemda=world.pemda, period=semester, unit=world.division)

    assert (dinas.respondents, dinas.nik, dinas.category.letter) == (2, Decimal("75.00"), "C")
    assert (dinas.population, dinas.sample_required) == (2940, 341)  # 1,000 + 1,940 → the 3,000 row
    assert (bidang.respondents, bidang.nik, bidang.population) == (1, Decimal("100.00"), 1000)


def test_a_period_without_questionnaires_has_no_index(world, desk, semester):
    found = results(pemda=world.pemda, period=semester, point=desk)

    assert (found.respondents, found.ikm, found.nik, found.category, found.weakest) == (0, None, None, None, None)
    assert found.sample_reached is False


def test_an_unsur_nobody_answered_leaves_the_index_undefined(world, desk, semester):
    paper_rows(desk, semester, [(4, 4, 4, 4, 4, 4, 4, 4, None)], entered_by=world.hr_admin.user)

    found = results(pemda=world.pemda, period=semester, point=desk)

    assert found.respondents == 1
    assert found.nik is None
    assert found.unsur[8].nrr is None


def test_without_a_population_estimate_there_is_no_sample_check(world, semester):
    point = ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user, yearly_users=None)
    found = results(pemda=world.pemda, period=semester, point=point)
    assert (found.population, found.sample_required, found.sample_reached) == (None, None, None)


def test_results_refuse_another_agencys_objects(world, desk, semester):
    with pytest.raises(ValueError, match="does not belong"):
        results(pemda=world.other_pemda, period=semester, point=desk)
    with pytest.raises(ValueError, match="exactly one"):
        results(pemda=world.pemda, period=semester, point=desk, unit=world.division)


@pytest.mark.parametrize("target", ["point", "unit"])
def test_results_queries_do_not_grow_with_questionnaires(world, desk, semester, django_assert_num_queries, target):
    # A point: the answers' one aggregate. A unit: its tree's population, then the answers' aggregate.
    expected = {"point": 1, "unit": 2}[target]
    kwargs = {"point": desk} if target == "point" else {"unit": world.education}
    paper_rows(desk, semester, [FOURS] * 3, entered_by=world.hr_admin.user)
    with CaptureQueriesContext(connection) as three:
        results(pemda=world.pemda, period=semester, **kwargs)

    paper_rows(desk, semester, [(3,) * 9] * 27, entered_by=world.hr_admin.user)
    with django_assert_num_queries(len(three.captured_queries)):
        found = results(pemda=world.pemda, period=semester, **kwargs)

    assert len(three.captured_queries) == expected
    assert found.respondents == 30


def test_trend_gives_the_index_per_period_in_one_query(world, desk, semester, django_assert_num_queries):
    second = SurveyPeriodFactory(pemda=world.pemda, name="Semester II 2027", start_date=date(2027, 7, 1),
                                 end_date=date(2027, 12, 31), created_by=world.hr_admin.user)
    empty = SurveyPeriodFactory(pemda=world.pemda, name="Semester I 2028", start_date=date(2028, 1, 1),
                                end_date=date(2028, 6, 30), created_by=world.hr_admin.user)
    paper_rows(desk, semester, [(3,) * 9] * 5, entered_by=world.hr_admin.user)
    paper_rows(desk, second, [FOURS] * 4, entered_by=world.hr_admin.user)

    with django_assert_num_queries(1):
        by_point = trend(pemda=world.pemda, periods=[semester, second, empty], point=desk)
    with django_assert_num_queries(1):
        by_unit = trend(pemda=world.pemda, periods=[semester, second, empty], unit=world.education)

    for series in (by_point, by_unit):
        assert [(p.period, p.respondents, p.nik) for p in series] == [
            (semester, 5, Decimal("75.00")), (second, 4, Decimal("100.00")), (empty, 0, None)]
        assert [p.category.letter if p.category else None for p in series] == ["C", "A", None]


answer = st.none() | st.integers(1, 4)
questionnaire = st.tuples(*[answer] * 9).filter(lambda row: any(value is not None for value in row))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(questionnaire, min_size=1, max_size=25))
def test_results_equal_a_recomputation_from_the_rows(world, desk, semester, rows):
    SurveyResponse.objects.all().delete()
    paper_rows(desk, semester, rows, entered_by=world.hr_admin.user)

    found = results(pemda=world.pemda, period=semester, point=desk)

    nrr, nik = recompute(rows)
    assert found.respondents == len(rows)
    assert found.nrr == nrr
    assert found.nik == nik
    if nik is not None:
        assert Decimal("25.00") <= nik <= Decimal("100.00")
        assert found.category == rules.category(nik)


# --- Scope ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("hr_admin", {"desk", "front", "clinic"}),
        ("executive", {"desk", "front", "clinic"}),
        ("auditor", {"desk", "front", "clinic"}),
        ("unit_head", {"desk", "front"}),  # Kepala Dinas Pendidikan: the dinas and its bidang
        ("supervisor", {"desk"}),  # Kepala Bidang: the bidang only
        ("outsider", {"clinic"}),  # Kepala Dinas Kesehatan
        ("employee", set()),
        ("other_pemda_admin", set()),
    ],
)
def test_who_sees_which_points_results_and_the_predicate_agrees(world, desk, front, persona, visible):
    clinic = ServicePointFactory(org_unit=world.health, created_by=world.hr_admin.user)
    points = {"desk": desk, "front": front, "clinic": clinic}
    actor = getattr(world, persona).user

    seen = set(service_points_visible_to(actor).values_list("pk", flat=True))

    assert seen == {points[name].pk for name in visible}
    for name, point in points.items():
        assert can_view_results(actor, point.org_unit) is (name in visible)
