"""Audit actions of the mobility lists: reads of the daftar nominatif and the DRH by anyone but HR (UU PDP Pasal 31)."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from pamong.audit.registry import register_action_labels


class ListAudit(StrEnum):
    NOMINATIF_VIEWED = "mobility.nominatif_viewed"
    DRH_VIEWED = "mobility.drh_viewed"


register_action_labels({
    ListAudit.NOMINATIF_VIEWED: _("Daftar nominatif viewed"),
    ListAudit.DRH_VIEWED: _("Curriculum vitae (DRH) viewed"),
})
