"""The discipline API: /api/v1/discipline/ (STYLE.md §4.11). One router module per sub-domain, composed here."""

from ninja import Router

from . import cases, restrictions

__all__ = ["router"]

router = Router(tags=["discipline"])
router.add_router("", cases.router)
router.add_router("", restrictions.router)
