"""Organisation ratings (capaian kinerja organisasi, SE MenPANRB 3/2023 step 1) and organisation targets (the top
of the cascade, PermenPANRB 6/2022)."""

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.errors import PerformanceError
from pamong.performance.models import OrganisationRatingRecord, OrganisationTarget, Skp

from .builders import rate

pytestmark = pytest.mark.django_db


# --- Organisation ratings -------------------------------------------------------------------------------------------


def test_the_head_one_level_up_rates_a_unit(world):
    # when the Kepala Dinas rates Bidang Pembinaan SD for January
    record = services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01",
                                              rating="baik", reason="Rencana aksi sesuai target")

    # then it is recorded and audited
    assert (record.rating, record.set_by, record.pemda_id) == ("baik", world.unit_head.user, world.pemda.pk)
    assert AuditEvent.objects.for_target(record).get(action=PerformanceAudit.ORGANISATION_RATED).changes == {
        "unit": [None, world.division.name], "period": [None, "2026-01"], "rating": [None, "baik"],
        "reason": [None, "Rencana aksi sesuai target"]}


@pytest.mark.parametrize("persona", ["hr_admin", "executive"])
def test_the_agencys_authorised_official_rates_an_opd(world, persona):
    record = services.organisation_rating_set(actor=getattr(world, persona).user, unit=world.education,
                                              period="2026", rating="istimewa")
    assert record.rating == "istimewa"


@pytest.mark.parametrize(("persona", "unit"), [
    ("supervisor", "division"),  # not for one's own unit
    ("unit_head", "education"),  # an OPD is rated from above the OPD
    ("employee", "division"),
    ("outsider", "division"),  # the head of another OPD
    ("auditor", "division"),  # sees everything, rates nothing
    ("other_pemda_admin", "division"),
])
def test_nobody_else_rates_a_unit(world, persona, unit):
    with pytest.raises(PermissionDenied):
        services.organisation_rating_set(actor=getattr(world, persona).user, unit=getattr(world, unit),
                                         period="2026-01", rating="istimewa")
    assert not OrganisationRatingRecord.objects.exists()


@pytest.mark.parametrize(("period", "rating", "code"), [
    ("2026-13", "baik", errors.INVALID_PERIOD), ("2026-01", "cukup", "performance.invalid_rating"),
])
def test_an_unknown_period_or_rating_is_refused(world, period, rating, code):
    with pytest.raises(PerformanceError) as refused:
        services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period=period,
                                         rating=rating)
    assert refused.value.code == code


def test_a_correction_is_audited_before_to_after_and_re_derives_the_unit_heads_rating(world, plans):
    # given the division rated Baik and its head (the supervisor) rated on it: meets / above → Baik
    services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01",
                                     rating="baik")
    evaluation = rate(world, plans[1], behaviour="above", appraiser=world.unit_head)
    assert evaluation.predikat == "baik"

    # when the rating is corrected to Istimewa
    record = services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01",
                                              rating="istimewa", reason="Ralat data capaian")

    # then the same record changed, audited before → after
    assert OrganisationRatingRecord.objects.get() == record
    events = AuditEvent.objects.for_target(record).filter(action=PerformanceAudit.ORGANISATION_RATED).order_by("pk")
    assert [e.changes["rating"] for e in events] == [[None, "baik"], ["baik", "istimewa"]]

    # and the head's work result follows: above / above → Sangat Baik, audited
    evaluation.refresh_from_db()
    assert (evaluation.work_result, evaluation.predikat) == ("above", "sangat_baik")
    assert AuditEvent.objects.for_target(evaluation).get(action=PerformanceAudit.EVALUATION_REDERIVED).changes == {
        "work_result": ["meets", "above"], "predikat": ["baik", "sangat_baik"], "organisation_rating": [None, "istimewa"]}


# --- Organisation targets -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "unit"), [("unit_head", "education"), ("supervisor", "division"),
                                               ("hr_admin", "education")])
def test_the_unit_head_or_hr_sets_a_units_yearly_target(world, persona, unit):
    actor = getattr(world, persona).user
    target = services.organisation_target_add(actor=actor, unit=getattr(world, unit), year=2026,
                                              text="Angka partisipasi murni SD meningkat", indicator="APM SD",
                                              target_value="97.5", unit_label="%")
    target.refresh_from_db()
    assert (target.year, target.indicator, target.target_value, target.unit, target.created_by) == (
        2026, "APM SD", 97.5, "%", actor)
    assert AuditEvent.objects.for_target(target).get(action=PerformanceAudit.TARGET_SET).changes["text"] == [
        None, "Angka partisipasi murni SD meningkat"]


@pytest.mark.parametrize(("persona", "unit"), [
    ("supervisor", "education"),  # the head of a sub-unit, for the OPD
    ("unit_head", "health"),
    ("employee", "division"),
    ("executive", "education"),  # calibrates, does not plan for the OPD
    ("other_pemda_admin", "education"),
])
def test_nobody_else_sets_a_units_target(world, persona, unit):
    with pytest.raises(PermissionDenied):
        services.organisation_target_add(actor=getattr(world, persona).user, unit=getattr(world, unit), year=2026,
                                         text="Target")
    assert not OrganisationTarget.objects.exists()


@pytest.mark.parametrize(("values", "code"), [
    ({"text": " "}, "performance.text_required"),
    ({"year": 1990}, "performance.invalid_year"),
    ({"target_value": "banyak"}, "performance.invalid_number"),
    ({"target_value": "-5"}, "performance.invalid_number"),
])
def test_a_target_needs_text_a_plausible_year_and_a_non_negative_value(world, values, code):
    arguments = {"text": "Target", "year": 2026, **values}
    with pytest.raises(PerformanceError) as refused:
        services.organisation_target_add(actor=world.unit_head.user, unit=world.education, **arguments)
    assert refused.value.code == code


def test_a_result_links_only_to_a_target_of_its_agency_and_year(world):
    target = services.organisation_target_add(actor=world.unit_head.user, unit=world.education, year=2027,
                                              text="Target 2027")
    skp = services.skp_create(actor=world.unit_head.user, employee=world.unit_head, year=2026)
    with pytest.raises(PerformanceError) as refused:
        services.skp_result_add(actor=world.unit_head.user, skp=skp, text="APM naik", organisation_target=target)
    assert refused.value.code == errors.INVALID_TARGET
    ok = services.organisation_target_add(actor=world.unit_head.user, unit=world.education, year=2026, text="T")
    result = services.skp_result_add(actor=world.unit_head.user, skp=skp, text="APM naik", organisation_target=ok)
    assert result.organisation_target_id == ok.pk
    assert Skp.objects.count() == 1
