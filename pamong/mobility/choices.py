from django.db import models
from django.utils.translation import gettext_lazy as _


class Rounding(models.TextChoices):
    """How the employees needed (a decimal) become whole people (rules.md §5: not stated; default up)."""

    CEIL = "ceil", _("Up (ceiling)")
    HALF_UP = "half_up", _("Half up")


class RunStatus(models.TextChoices):
    DONE = "done", _("Solved")
    FAILED = "failed", _("Failed")
