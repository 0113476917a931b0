"""The mobility API: /api/v1/mobility/ (STYLE.md §4.11). One router module per sub-domain, composed here."""

from ninja import Router

__all__ = ["router"]

router = Router(tags=["mobility"])
