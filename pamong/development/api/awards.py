"""Development API: awards."""

from ninja import Router

router = Router()
