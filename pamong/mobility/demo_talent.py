"""The talent demo (issue #13, rules.md §6): reviews of last year and this year, so the 9-box shows movement, and one
succession plan for a key post with candidates from the talent pool and a development action. Idempotent: a year
already reviewed and a post already planned are left as they are.

The performance demo rates only this year's months; a talent review of last year needs last year's predikat, so
the demo first records an annual evaluation of last year (on an approved SKP of that year, rated by this year's
appraiser) for the employees rated this year who have none, drawn around their own rating so most keep their box
and some move. Everything else goes through the talent services.
"""

import contextlib
import random
from collections import Counter
from datetime import date

from django.utils import timezone

from pamong.core.errors import DomainError
from pamong.people.choices import PositionKind
from pamong.people.models import Employee, Pemda, Position
from pamong.performance import rules as performance_rules
from pamong.performance.choices import PlanStatus, Rating
from pamong.performance.models import Evaluation, Skp

from .models import SuccessionPlan, TalentReview
from .services import talent as services

RATINGS = [Rating.ABOVE, Rating.MEETS, Rating.BELOW]
CANDIDATES = 3


def _usual_ratings(pemda: Pemda, year: int) -> dict[int, tuple[int, int, int]]:
    """{employee id: (their most frequent work-result rating of *year*, behaviour rating, appraiser id)}."""
    seen: dict[int, Counter] = {}
    appraisers: dict[int, int] = {}
    for employee_id, work, behaviour, evaluator_id in (
            Evaluation.objects.filter(pemda=pemda, period__startswith=str(year))
            .values_list("employee_id", "work_result", "behaviour", "evaluator_id")):
        seen.setdefault(employee_id, Counter())[(work, behaviour)] += 1
        appraisers[employee_id] = evaluator_id
    return {employee_id: (*counts.most_common(1)[0][0], appraisers[employee_id])
            for employee_id, counts in seen.items()}


def _last_year_ratings(pemda: Pemda, rng: random.Random, year: int) -> int:
    """Annual evaluations of *year* − 1 for the employees rated in *year* without one; returns how many."""
    previous = year - 1
    usual = _usual_ratings(pemda, year)
    done = set(Evaluation.objects.filter(pemda=pemda, period=str(previous)).values_list("employee_id", flat=True))
    done |= set(Skp.objects.filter(pemda=pemda, year=previous).values_list("employee_id", flat=True))
    todo = [employee_id for employee_id in sorted(usual) if employee_id not in done]
    if not todo:
        return 0
    people = {e.pk: e for e in Employee.objects.filter(pk__in=todo).only("pk", "current_unit_id",
                                                                       "current_position_id")}
    skps = Skp.objects.bulk_create([
        Skp(pemda=pemda, employee_id=pk, year=previous, position_id=people[pk].current_position_id,
            org_unit_id=people[pk].current_unit_id, appraiser_id=usual[pk][2], status=PlanStatus.APPROVED)
        for pk in todo])
    rows = []
    for skp in skps:
        work, behaviour, evaluator = usual[skp.employee_id]
        if rng.random() < 0.3:  # a third were rated one step differently last year: they move box
            work = RATINGS[max(0, min(2, RATINGS.index(work) + rng.choice((-1, 1))))]
        rows.append(Evaluation(
            pemda=pemda, skp=skp, employee_id=skp.employee_id, org_unit_id=skp.org_unit_id, period=str(previous),
            work_result=work, behaviour=behaviour, predikat=performance_rules.predikat_for(work, behaviour),
            evaluator_id=evaluator, rated_on=date(year, 1, 20)))
    Evaluation.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _key_post(pemda: Pemda) -> Position | None:
    """An administrator post (else a JPT post) of the agency with a holder and no plan yet."""
    posts = (Position.objects.filter(pemda=pemda, is_active=True, holders__is_active=True,
                                     succession_plan__isnull=True).distinct().order_by("org_unit__path", "pk"))
    return (posts.filter(kind=PositionKind.ADMINISTRATOR).first() or posts.filter(kind=PositionKind.JPT).first())


def seed_talent(pemda: Pemda, rng: random.Random, actor, *, today: date | None = None) -> dict:
    """Reviews of last year and this year and one succession plan with candidates (by *actor*, the agency's HR)."""
    today = today or timezone.localdate()
    year = today.year
    counts = {"last_year_evaluations": _last_year_ratings(pemda, rng, year)}
    for review_year in (year - 1, year):
        if not TalentReview.objects.filter(pemda=pemda, year=review_year).exists():
            services.talent_review_compute(actor=actor, pemda=pemda, year=review_year, today=today)
    counts["reviews"] = TalentReview.objects.filter(pemda=pemda).count()
    if SuccessionPlan.objects.filter(pemda=pemda).exists():
        return counts
    post = _key_post(pemda)
    if post is None:
        return counts
    plan = services.succession_plan_create(actor=actor, pemda=pemda, position=post,
                                           note="Rencana suksesi (demo): pejabat memasuki BUP dalam 3 tahun.")
    readiness = ["ready_now", "one_two_years", "later"]
    for index, row in enumerate(services.succession_suggestions(actor, plan, today=today)[:CANDIDATES]):
        candidate = services.succession_candidate_add(actor=actor, plan=plan, employee=row["employee"],
                                                      readiness=readiness[index % 3], today=today)
        if index == 0:  # no gap, or a development plan already agreed: the plan stays without the action
            with contextlib.suppress(DomainError):
                services.succession_candidate_develop(actor=actor, candidate=candidate, today=today)
    counts["succession_candidates"] = plan.candidates.count()
    return counts
