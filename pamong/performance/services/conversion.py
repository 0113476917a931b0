"""Conversion tables of a Pemda (AK %, AK coefficient, TPP %)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.people.models import Pemda

from .. import errors, rules
from ..audit import PerformanceAudit
from ..choices import Predikat
from ..models import ConversionRow
from ..permissions import can_manage_performance
from ..selectors import conversion_table
from ._common import _decimal, _field_error

# The keys each table accepts, and the range of its values.
CONVERSION_KEYS = {
    ConversionRow.Table.ANGKA_KREDIT_PERCENT: tuple(Predikat.values),
    ConversionRow.Table.TPP_PERCENT: tuple(Predikat.values),
    ConversionRow.Table.AK_COEFFICIENT: tuple(rules.CREDIT_COEFFICIENTS),
}
CONVERSION_MAXIMUM = {
    ConversionRow.Table.ANGKA_KREDIT_PERCENT: Decimal("200"),
    ConversionRow.Table.TPP_PERCENT: Decimal("200"),
    ConversionRow.Table.AK_COEFFICIENT: Decimal("1000"),
}


@transaction.atomic
def conversion_row_set(*, actor, pemda: Pemda, table: str, key: str, value) -> ConversionRow:
    """Set one value of a Pemda's conversion table (AK %, AK coefficient, TPP %), audited before → after.

    The seeded defaults (rules.md §1.7; TPP % is the Pemda's Perkada) apply
    until HR changes them. Raises PermissionDenied without manage performance
    in *pemda*; PerformanceError (``performance.invalid_conversion``) for an
    unknown table or key, or a value out of range.
    """
    if not can_manage_performance(actor, pemda.pk):
        raise PermissionDenied
    if table not in ConversionRow.Table.values:
        raise _field_error("table", _("Unknown conversion table."), errors.INVALID_CONVERSION)
    if key not in CONVERSION_KEYS[table]:
        raise _field_error("key", _("Choose one of: %(keys)s.") % {"keys": ", ".join(CONVERSION_KEYS[table])},
                           errors.INVALID_CONVERSION)
    maximum = CONVERSION_MAXIMUM[table]
    number = _decimal(value, "value", minimum=Decimal(0))
    if number > maximum:
        raise _field_error("value", _("Enter a value between 0 and %(max)s.") % {"max": maximum},
                           errors.INVALID_CONVERSION)
    before = conversion_table(pemda.pk, table).get(key)
    row, _created = ConversionRow.objects.select_for_update().get_or_create(
        pemda=pemda, table=table, key=key, defaults={"value": number})
    if not _created:
        row.value = number
        row.save(update_fields=["value"])
    audit_record(actor=actor, action=PerformanceAudit.CONVERSION_CHANGED, target=row, pemda_id=pemda.pk,
                 changes={"table": [None, table], "key": [None, key],
                          "value": [str(before) if before is not None else None, str(number)]})
    return row
