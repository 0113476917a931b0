"""The English UI keeps Indonesian date layouts and number formats: only the month names are English.

"6 December 2026", "06-12-2026", "1.234,5" — the same figures an Indonesian colleague sees (config/formats/id).
"""

from config.formats.id.formats import (  # noqa: F401 (re-exported as this locale's formats)
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    DECIMAL_SEPARATOR,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    THOUSAND_SEPARATOR,
    TIME_FORMAT,
    TIME_INPUT_FORMATS,
    YEAR_MONTH_FORMAT,
)
