"""Indonesian date and number formats, used whatever the UI language (config/formats/en repeats them).

"6 Desember 2026" in text, "06-12-2026" in tables and date fields, "1.234,5" for numbers. Typed dates are
parsed by pamong.core.dates (day first, month names in Indonesian or English); DATE_INPUT_FORMATS serve
Django's own parsing (admin, plain forms.DateField) and lists only day-first and ISO layouts.
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, G.i"
TIME_FORMAT = "G.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y G.i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%d-%m-%Y",  # 25-10-2026
    "%d/%m/%Y",  # 25/10/2026
    "%d.%m.%Y",  # 25.10.2026
    "%Y-%m-%d",  # 2026-10-25
]
TIME_INPUT_FORMATS = ["%H.%M", "%H:%M", "%H.%M.%S", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H.%M",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
