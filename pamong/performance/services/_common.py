"""Input checks and constants shared by the performance services."""

from decimal import Decimal, InvalidOperation

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from .. import errors, rules
from ..choices import PlanStatus
from ..errors import PerformanceError
from ..models import Skp

EDITABLE = (PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED)
YEARS = range(2020, 2101)


def _field_error(field: str, message: str, code: str, http_status: int | None = None) -> PerformanceError:
    return PerformanceError(message, code=code, http_status=http_status, extra={"fields": {field: [message]}})


def _editable(skp: Skp) -> None:
    if skp.status not in EDITABLE:
        raise PerformanceError(_("This SKP is locked; propose a new version with a reason to change it."),
                               code=errors.PLAN_LOCKED, http_status=409)


def _decimal(value, field: str, *, minimum: Decimal | None = None, maximum: Decimal = Decimal("1e12")) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise _field_error(field, _("Enter a number."), "performance.invalid_number") from None
    # copy_abs(), not abs(): abs() rounds to the context and overflows on "1E+1000000".
    if not number.is_finite() or number.copy_abs() >= maximum:
        raise _field_error(field, _("Enter a number."), "performance.invalid_number")
    if minimum is not None and number < minimum:
        raise _field_error(field, _("Enter a number of at least %(min)s.") % {"min": minimum},
                           "performance.invalid_number")
    return number.quantize(Decimal("0.01"))


def _choice(value, choices, field: str, message: str) -> str:
    if value not in choices.values:
        raise _field_error(field, message, f"performance.invalid_{field}")
    return value


def _url(name: str, public_id) -> str:
    """The link of a notice (empty when the HTML pages are not mounted, as in API-only deployments)."""
    try:
        return reverse(name, args=[public_id])
    except NoReverseMatch:
        return ""


def _period_in_year(period: str, year: int) -> None:
    if not rules.is_valid_period(period) or int(period[:4]) != year:
        raise _field_error("period", _("Choose a period of %(year)d.") % {"year": year}, errors.INVALID_PERIOD)
