"""The mobility API: /api/v1/mobility/ (STYLE.md §4.11). One router module per sub-domain, composed here."""

from ninja import Router

from . import mutation, placement, promotion_proposals, promotions, talent, workload

__all__ = ["router"]

router = Router(tags=["mobility"])
router.add_router("", workload.router)
router.add_router("", placement.router)
router.add_router("", promotions.router)
router.add_router("", mutation.router)
router.add_router("", promotion_proposals.router)
router.add_router("", talent.router)
