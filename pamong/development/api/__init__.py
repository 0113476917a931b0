"""The development API: /api/v1/development/ (STYLE.md §4.11). One router module per sub-domain, composed here."""

from ninja import Router

from . import awards, competencies, elearning, learning, mentoring, plans, training

__all__ = ["router"]

router = Router(tags=["development"])
router.add_router("", competencies.router)
router.add_router("", training.router)
router.add_router("", plans.router)
router.add_router("", awards.router)
router.add_router("", learning.router)
router.add_router("", mentoring.router)
router.add_router("", elearning.router)
