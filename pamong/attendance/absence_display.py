"""Labels of the absence ladder for pages, exports and notices (the codes are discipline's, as plain strings)."""

from django.utils.translation import gettext_lazy as _

LEVEL_LABELS = {
    "ringan": _("Light (ringan)"),
    "sedang": _("Moderate (sedang)"),
    "berat": _("Severe (berat)"),
}

SANCTION_LABELS = {
    "teguran_lisan": _("Oral reprimand (teguran lisan)"),
    "teguran_tertulis": _("Written reprimand (teguran tertulis)"),
    "tidak_puas": _("Written statement of dissatisfaction (pernyataan tidak puas secara tertulis)"),
    "tpp_cut_6": _("TPP cut by 25%, 6 months"),
    "tpp_cut_9": _("TPP cut by 25%, 9 months"),
    "tpp_cut_12": _("TPP cut by 25%, 12 months"),
    "kgb_delay_1y": _("Periodic raise (KGB) postponed 1 year (transitional)"),
    "kp_delay_1y": _("Promotion (kenaikan pangkat) postponed 1 year (transitional)"),
    "rank_down_1y": _("Rank lowered one step for 1 year (transitional)"),
    "position_down_12": _("Position lowered one step for 12 months"),
    "release_pelaksana_12": _("Released from the position to pelaksana for 12 months"),
    "pdh": _("Honourable dismissal not at own request (PDH)"),
}

FLAG_LABELS = {
    "reached": _("Threshold reached"),
    "approaching": _("Approaching a threshold"),
    "consecutive_10": _("10 working days in a row"),
    "consecutive_approaching": _("Close to 10 working days in a row"),
    "pending": _("Days waiting for verification"),
}


def recommendation_display(recommendation: dict | None) -> dict | None:
    """The recommendation with its labels, for templates."""
    if not recommendation:
        return None
    return {**recommendation, "level_label": LEVEL_LABELS.get(recommendation["level"], recommendation["level"]),
            "sanction_label": SANCTION_LABELS.get(recommendation["sanction"], recommendation["sanction"])}


def flags_display(flags: list[str]) -> list[dict]:
    return [{"code": flag, "label": FLAG_LABELS.get(flag, flag)} for flag in flags]
