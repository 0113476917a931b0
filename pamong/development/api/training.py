"""Development API: training."""

from ninja import Router

router = Router()
