from datetime import date

from django.utils import translation

from pamong.core.dateranges import date_range_text, day_text


def test_ranges_read_as_indonesian_sentences_do():
    with translation.override("id"):
        assert day_text(date(2026, 12, 30)) == "30 Desember 2026"
        assert date_range_text(date(2026, 12, 30), date(2027, 1, 4)) == "30 Desember 2026 – 4 Januari 2027"
        assert date_range_text(date(2026, 11, 30), date(2026, 12, 14)) == "30 November – 14 Desember 2026"
        assert date_range_text(date(2026, 12, 1), date(2026, 12, 14)) == "1–14 Desember 2026"
        assert date_range_text(date(2026, 12, 1), date(2026, 12, 1)) == "1 Desember 2026"
