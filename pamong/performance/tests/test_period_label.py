"""Periods read as people say them, in the active language; codes stay codes in links."""

import pytest
from django.utils import translation

from pamong.performance.templatetags.performance_tags import period_label


@pytest.mark.parametrize(("language", "code", "label"), [
    ("id", "2026-11", "November 2026"),
    ("id", "2026-03", "Maret 2026"),
    ("en", "2026-03", "March 2026"),
    ("en", "2026", "Year 2026"),
    ("en", "2026-Q1", "Quarter 1 2026"),
])
def test_a_period_reads_month_name_and_year(language, code, label):
    with translation.override(language):
        assert period_label(code) == label


def test_an_unknown_code_is_shown_as_it_is():
    assert period_label("nonsense") == "nonsense"
