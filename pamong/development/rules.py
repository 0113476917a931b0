"""Pure rules of competency development (no ORM, no I/O), each with its source.

rules.md §7: 1 JP = 45 minutes (PerLAN 10/2018); at least 20 JP a year for each PNS (PP 11/2017 Pasal 203(4));
at most 24 JP per contract year for PPPK (PP 49/2018 Pasal 40(1)). JP counting [U, no national conversion found,
agency practice]: the certificate's JP wins; otherwise whole 45-minute units of verified minutes; counted in the
year of completion; only completed and verified activities count.
Training evaluation (Kirkpatrick, agency practice — LAPAN Perka 13/2019, BKN Pusbangpeg draft 2022): level 2 gain
= post − pre, normalised gain (Hake) = (post − pre) / (100 − pre).
"""

from decimal import ROUND_HALF_UP, Decimal

MINUTES_PER_JP = 45  # PerLAN 10/2018
PNS_MINIMUM_JP = 20  # PP 11/2017 Pasal 203(4)
PPPK_MAXIMUM_JP = 24  # PP 49/2018 Pasal 40(1)
LEVEL_MIN, LEVEL_MAX = 1, 5  # competency levels (PermenPANRB 38/2017), 1 lowest
FOLLOW_UP_MONTHS = 3  # level-3 evaluation by the supervisor, 3 months after completion (issue #11)


def jp_for(*, minutes: int | None, certificate_jp: int | None) -> int:
    """The JP an activity is worth: the certificate's JP when it states one, else whole 45-minute units."""
    if certificate_jp is not None:
        return max(0, int(certificate_jp))
    return max(0, int(minutes or 0)) // MINUTES_PER_JP


def gap(required: int, current: int | None) -> int:
    """Required − current level, never negative; an unassessed competency counts as the whole requirement."""
    return max(0, required - (current or 0))


def score_gain(pre: Decimal, post: Decimal) -> Decimal:
    return (post - pre).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def normalised_gain(pre: Decimal, post: Decimal) -> Decimal | None:
    """Hake's normalised gain (post − pre) / (100 − pre), 2 decimals; None when the pre-test was already 100."""
    if pre >= 100:
        return None
    return ((post - pre) / (Decimal(100) - pre)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
