"""Development API: plans."""

from ninja import Router

router = Router()
