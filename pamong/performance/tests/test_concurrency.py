"""Concurrent writes of performance management on PostgreSQL: one rating per employee and period, one decision
per objection, whatever arrives at the same moment (reliability-security.md §6.5: compare-and-set and unique
constraints, not read-then-write).

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres PAMONG_TEST_DB=test_perfdomain``;
skipped on SQLite, whose IMMEDIATE transactions serialise writers anyway.
"""

import threading
from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from pamong.accounts.models import User
from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.errors import PerformanceError
from pamong.performance.models import Evaluation, Objection, Skp

from .services.builders import approve, rate, team

# serialized_rollback: the flush after each test empties the reference data of the data migrations (golongan);
# this puts it back for the next test.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def pg_world(world):
    return world


def _race(*calls):
    """Run *calls* at the same moment, each in its own thread and connection; return results or errors in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # the refusals are the point of the test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _fresh_user(person):
    return User.objects.get(pk=person.user_id)  # one per thread: no shared per-user caches


def _revise_and_agree(world, skp) -> Skp:
    new = services.skp_revise(actor=world.employee.user, skp=skp, reason="Tambahan tugas")
    services.skp_submit(actor=world.employee.user, skp=new)
    approve(new, world.supervisor)
    new.refresh_from_db()
    return new


def _refusal_codes(outcomes):
    return sorted(o.code for o in outcomes if isinstance(o, PerformanceError))


def test_a_double_click_on_a_rating_records_it_once_and_refuses_the_other_with_409(pg_world):
    # given the employee's agreed SKP
    world = pg_world
    skp = team(world)[2]

    # when the appraiser's two submissions of January arrive together
    def submit(work_result):
        return lambda: services.evaluation_record(actor=_fresh_user(world.supervisor), skp=skp, period="2026-01",
                                                  work_result=work_result, behaviour="meets",
                                                  today=date(2026, 2, 2))

    outcomes = _race(submit("meets"), submit("above"))

    # then exactly one rating exists and the other submission got performance.already_rated (409)
    assert Evaluation.objects.filter(employee=world.employee, period="2026-01").count() == 1
    assert _refusal_codes(outcomes) == [errors.ALREADY_RATED]
    assert [o.http_status for o in outcomes if isinstance(o, PerformanceError)] == [409]
    assert AuditEvent.objects.filter(action=PerformanceAudit.EVALUATION_RECORDED).count() == 1


def test_two_ratings_of_one_period_through_two_skp_versions_record_one(pg_world):
    """The old version (superseded mid-year) and the new one are rated for January at once: one rating per
    employee and period (evaluation_once_per_period), whichever version carries it."""
    world = pg_world
    old = team(world)[2]
    new = _revise_and_agree(world, old)

    def submit(skp):
        return lambda: services.evaluation_record(actor=_fresh_user(world.supervisor), skp=skp, period="2026-01",
                                                  work_result="meets", behaviour="meets", today=date(2026, 2, 2))

    outcomes = _race(submit(old), submit(new))

    assert Evaluation.objects.filter(employee=world.employee, period="2026-01").count() == 1
    assert _refusal_codes(outcomes) == [errors.ALREADY_RATED]


def test_two_concurrent_decisions_on_an_objection_record_one(pg_world):
    # given a pending objection to a Kurang
    world = pg_world
    skp = team(world)[2]
    evaluation = rate(world, skp, work_result="meets", behaviour="below")
    objection = services.objection_submit(actor=world.employee.user, evaluation=evaluation, text="Keberatan",
                                          today=date(2026, 2, 5))

    # when the Kepala Dinas's "uphold" and "reject" arrive together
    def decide(upheld):
        return lambda: services.objection_decide(actor=_fresh_user(world.unit_head), objection=objection,
                                                 upheld=upheld, decision="Keputusan", work_result="meets",
                                                 behaviour="meets")

    outcomes = _race(decide(True), decide(False))

    # then one decision stands, the other got performance.objection_decided (409), and the rating agrees with it
    assert _refusal_codes(outcomes) == [errors.OBJECTION_DECIDED]
    objection.refresh_from_db()
    evaluation.refresh_from_db()
    expected = "baik" if objection.status == "upheld" else "kurang"
    assert evaluation.predikat == expected
    assert Objection.objects.filter(pk=objection.pk).exclude(status="pending").count() == 1
    assert AuditEvent.objects.filter(action=PerformanceAudit.OBJECTION_DECIDED).count() == 1
