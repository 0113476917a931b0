"""Mobility demo, part 3: KP and KGB proposals in several states (issue #13; rules.md §8.1).

The demo HR admin proposes from the due lists of the coming months exactly as the pages do: the bulk proposal of
the KP list of the next period (every eligible row), then single KP proposals for rows "to check" (no predikat
recorded) until there are KP_WANTED, and the KGB of the next two months (up to KGB_WANTED). The second HR admin
then approves some (a dated rank record on its TMT, a KGB raise), rejects one with its reason, and leaves the rest
waiting in their inbox. Everything goes through services.promotion (approval engine, audit).
"""

import contextlib
import random
from dataclasses import dataclass, field
from datetime import date

from pamong.core.errors import DomainError
from pamong.people.models import Pemda

from . import careers
from .promotion_models import PromotionProposal
from .selectors import lists
from .services import promotion as services

KP_WANTED = 10
KGB_WANTED = 8


@dataclass
class PromotionSeed:
    proposals: list[PromotionProposal] = field(default_factory=list)
    approved: int = 0
    rejected: int = 0


def _propose(result: PromotionSeed, actor, employee, kind: str, today: date) -> None:
    # Blocked, already proposed, no approver: the demo simply takes the next row.
    with contextlib.suppress(DomainError):
        result.proposals.append(services.promotion_propose(actor=actor, employee=employee, kind=kind, today=today))


def seed_promotions(pemda: Pemda, rng: random.Random, actor, approver, *, today: date) -> PromotionSeed:
    """Proposals by *actor* (HR), decided in part by *approver* (a second HR admin)."""
    result = PromotionSeed()
    if PromotionProposal.objects.filter(pemda=pemda).exists():
        return result
    period = careers.next_kp_period(today)
    bulk = services.promotions_propose_bulk(actor=actor, kind=services.KP, period=period, today=today)
    result.proposals.extend(bulk.created)
    end = lists.add_months(period, 2)
    rows = lists.upcoming_kp(actor, lists.ListFilters(month_from=period, month_to=end), today=today)
    candidates = [row for row in rows if row.verdict == "to_check"]
    rng.shuffle(candidates)
    for row in candidates:
        if sum(1 for item in result.proposals if item.is_kp) >= KP_WANTED:
            break
        _propose(result, actor, row.employee, services.KP, today)
    kgb_rows = lists.upcoming_kgb(actor, lists.ListFilters(month_from=today.replace(day=1),
                                                         month_to=lists.add_months(today, 1)), today=today)
    kgb_rows = [row for row in kgb_rows if not row.blocked]
    rng.shuffle(kgb_rows)
    for row in kgb_rows[:KGB_WANTED]:
        _propose(result, actor, row.employee, services.KGB, today)
    if approver is None:
        return result
    kp = [item for item in result.proposals if item.is_kp]
    kgb = [item for item in result.proposals if not item.is_kp]
    for proposal in kp[: len(kp) // 2] + kgb[: len(kgb) // 2]:
        try:
            services.promotion_decide(actor=approver, proposal=proposal, outcome="approve")
            result.approved += 1
        except DomainError:
            continue
    for proposal in kp[len(kp) // 2: len(kp) // 2 + 1]:
        try:
            services.promotion_decide(actor=approver, proposal=proposal, outcome="reject",
                                      reason="Berkas usul belum lengkap: SKP dua tahun terakhir belum dilampirkan.")
            result.rejected += 1
        except DomainError:
            continue
    return result
