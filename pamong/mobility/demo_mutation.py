"""Mutation demo (issue #13): one proposal of the demo agency in each state — a draft, one awaiting approval, one
approved with its numbered decree, one not approved — made through the services like a user would, every step
answered by its own approver (the decision by a second HR admin: the proposer never decides). Idempotent: a
proposal marked as the demo's is never made twice. Returns what it did, including what it could not do."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pamong.approvals.selectors import permission_holders
from pamong.people.choices import EmploymentStatus
from pamong.people.models import Employee, Pemda, Position
from pamong.people.selectors import actor_employee
from pamong.people.services import occupied_places

from .capabilities import MobilityPerm
from .mutation_audit import MutationError
from .mutation_models import MutationKind, MutationProposal, MutationStatus
from .selectors.mutation import awaiting_step, post_start
from .services.mutation import mutation_create, mutation_decide

DEMO_MARK = "Demo mutasi:"
STATES = ("draft", "pending", "approved", "rejected")
REASONS = {
    "draft": "penataan pegawai pada unit pelayanan",
    "pending": "pemenuhan kebutuhan jabatan hasil analisis beban kerja",
    "approved": "rotasi rutin setelah lebih dari 2 tahun dalam jabatan",
    "rejected": "permohonan pindah ke pemerintah kabupaten tetangga",
}


def _candidates(pemda: Pemda, actor, rng: random.Random) -> list[Employee]:
    me = actor_employee(actor)
    limit = timezone.localdate() - timedelta(days=3 * 365)
    people = list(Employee.objects.filter(pemda=pemda, is_active=True, status=EmploymentStatus.PNS,
                                          current_position__isnull=False, user__isnull=False)
                  .exclude(pk=me.pk if me else None).exclude(mutation_proposals__status__in=["draft", "pending"])
                  .select_related("current_position", "current_unit").order_by("pk")[:400])
    rng.shuffle(people)
    # HR admins are left out: the decision of their own move would need a third HR admin.
    hr = set(permission_holders(MobilityPerm.MANAGE.value, pemda_id=pemda.pk).values_list("pk", flat=True))
    return [person for person in people if person.pk not in hr and (post_start(person) or limit) <= limit]


def _open_posts(pemda: Pemda) -> list[Position]:
    posts = Position.objects.filter(pemda=pemda, is_active=True, is_unit_head=False).select_related(
        "org_unit", "min_golongan").order_by("pk")[:300]
    return [post for post in posts if occupied_places(post) < post.capacity]


def _approver(step, proposal):
    """The user who takes *step*: its approver, or for the pooled decision another HR admin (not the proposer)."""
    if step.approver_permission:
        for holder in permission_holders(step.approver_permission, pemda_id=proposal.pemda_id).select_related("user"):
            if holder.pk != proposal.employee_id and holder.user_id != proposal.proposed_by_id:
                return holder.user
        return None
    return step.approver.user


def _walk(proposal: MutationProposal, final: str, reason: str = "") -> MutationProposal:
    """Answer every step in turn (considerations approve; the last step gives *final*)."""
    while proposal.status == MutationStatus.PENDING:
        step = awaiting_step(proposal)
        user = _approver(step, proposal) if step is not None else None
        if user is None:
            break
        outcome = final if step.is_binding else "approve"
        proposal = mutation_decide(actor=user, proposal=proposal, outcome=outcome,
                                   reason=reason if outcome == "reject" else "")
    return proposal


def _seed_one(state: str, pemda: Pemda, actor, employee: Employee, post: Position | None) -> MutationProposal:
    today = timezone.localdate()
    external = state == "rejected"
    proposal = mutation_create(
        actor=actor, employee=employee, kind=MutationKind.INTER_REGIONAL if external else MutationKind.INTRA,
        position=None if external else post,
        destination_agency="Pemerintah Kabupaten Polewali Mandar" if external else "",
        destination_position=employee.current_position.name if external else "",
        effective_date=today if state == "approved" else today + timedelta(days=30),
        reason=f"{DEMO_MARK} {REASONS[state]}", submit=state != "draft")
    if state == "approved":
        proposal = _walk(proposal, "approve")
    elif state == "rejected":
        proposal = _walk(proposal, "reject", "Formasi jabatan di unit asal belum dapat dilepas tahun ini.")
    return proposal


def seed_mutations(pemda: Pemda, rng: random.Random, actor) -> dict:
    """Seed one demo proposal per state for *pemda*, proposed by *actor* (an HR admin); never twice."""
    existing = MutationProposal.objects.filter(pemda=pemda, reason__startswith=DEMO_MARK).count()
    if existing:
        return {"existing": existing}
    if not actor.has_perm(MobilityPerm.MANAGE):
        return {"skipped": "the actor is not HR of the agency"}
    report: dict = {"created": {}, "not_reached": []}
    people, posts = _candidates(pemda, actor, rng), _open_posts(pemda)
    for state in STATES:
        made = None
        while people and made is None:
            employee = people.pop()
            post = next((p for p in posts if p.pk != employee.current_position_id), None)
            if post is None and state != "rejected":
                break
            try:
                with transaction.atomic():
                    made = _seed_one(state, pemda, actor, employee, post)
            except MutationError:
                continue  # not eligible (capacity, predikat, restriction…): the next candidate
            if post is not None and state != "rejected":
                posts.remove(post)
        if made is None:
            report["not_reached"].append(state)
            continue
        report["created"][state] = made.status
        if made.status != state:
            report["not_reached"].append(state)
    return report
