"""Organisation targets: a unit's yearly targets, the top of the cascade."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.people.models import OrgUnit

from ..audit import PerformanceAudit
from ..models import OrganisationTarget
from ..permissions import can_add_organisation_target
from ._common import YEARS, _decimal, _field_error


@transaction.atomic
def organisation_target_add(*, actor, unit: OrgUnit, year: int, text: str, indicator: str = "", target_value=None,
                            unit_label: str = "") -> OrganisationTarget:
    """A unit's yearly target, the top of the cascade (PermenPANRB 6/2022: Perjanjian Kinerja → SKP).

    Set by the holder of the unit's head position, or by HR (manage
    performance). Raises PermissionDenied otherwise.
    """
    if not can_add_organisation_target(actor, unit):
        raise PermissionDenied
    if not isinstance(year, int) or year not in YEARS:
        raise _field_error("year", _("Choose a year between %(first)d and %(last)d.")
                           % {"first": YEARS[0], "last": YEARS[-1]}, "performance.invalid_year")
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Describe the target."), "performance.text_required")
    if len(text) > 500:
        raise _field_error("text", _("Keep the target under 500 characters."), "performance.text_too_long")
    value = None
    if target_value is not None and str(target_value).strip() != "":
        value = _decimal(target_value, "target_value", minimum=Decimal(0))
    target = OrganisationTarget.objects.create(
        pemda_id=unit.pemda_id, org_unit=unit, year=year, text=text, indicator=(indicator or "").strip()[:300],
        target_value=value, unit=(unit_label or "").strip()[:40], created_by=actor)
    audit_record(actor=actor, action=PerformanceAudit.TARGET_SET, target=target, pemda_id=unit.pemda_id,
                 changes={"unit": [None, unit.name], "year": [None, year], "text": [None, text],
                          "indicator": [None, target.indicator], "target_value": [None, value]})
    return target
