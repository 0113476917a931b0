"""The attendance API: /api/v1/attendance/ (STYLE.md §4.11). One router module per sub-domain, composed here."""

from ninja import Router

from . import corrections, days, imports, months, summary

__all__ = ["router"]

router = Router(tags=["attendance"])
router.add_router("", imports.router)
router.add_router("", days.router)
router.add_router("", corrections.router)
router.add_router("", months.router)
router.add_router("", summary.router)
