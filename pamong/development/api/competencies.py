"""Development API: competencies."""

from ninja import Router

router = Router()
