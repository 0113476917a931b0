"""The Sekda's cockpit and the charts served by Pamong, at 1366 and 390 px.

The executive opens the cockpit, sees its figures, follows a figure to its list (whose count is the figure),
opens "Lihat tabel" under a chart and finds the numbers of its summary, without sideways scrolling.
"""

import re
from datetime import date

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _number(text: str) -> int:
    return int(re.sub(r"[^0-9]", "", text))


@pytest.mark.parametrize("width", [1366, 390])
def test_the_executive_reads_the_cockpit_and_follows_a_figure_to_its_list(browser, live_pamong, tmp_path, width):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_pamong, live_pamong.demo_username("executive"), with_totp=True)

        page.goto(f"{live_pamong.url}/cockpit/")
        for key in ("people-headcount", "people-vacancies", "leave-today", "performance-rated", "approvals-overdue"):
            assert page.locator(f"#figure-{key}").is_visible(), key
        assert _fits(page), f"the cockpit scrolls sideways at {width}px"
        page.screenshot(path=str(tmp_path / f"cockpit-{width}.png"), full_page=True)

        # The headcount is the agency's active employees.
        headcount = _number(page.locator("#figure-people-headcount .cockpit-figure__value").inner_text())
        ((active,),) = live_pamong.query(
            "SELECT COUNT(*) FROM people_employee e JOIN accounts_user u ON u.pemda_id = e.pemda_id "
            "WHERE e.is_active AND u.username = ?", (live_pamong.demo_username("executive"),))
        assert headcount == active

        # A retirement figure opens the list of who retires that year, as many as the figure says.
        year = date.today().year + 1
        figure = page.locator(f"#figure-retire-{year}")
        expected = _number(figure.locator(".cockpit-figure__value").inner_text())
        figure.click()
        page.wait_for_url(re.compile(rf"/statistics/workforce/retirements/\?year={year}"))
        assert _number(page.locator("#retirements-count").inner_text().split(" ")[0]) == expected
        ((retiring,),) = live_pamong.query(
            "SELECT COUNT(*) FROM people_employee e JOIN accounts_user u ON u.pemda_id = e.pemda_id "
            "WHERE e.is_active AND u.username = ? AND strftime('%Y', e.retirement_date) = ?",
            (live_pamong.demo_username("executive"), str(year)))
        assert retiring == expected
        assert _fits(page), f"the retirement list scrolls sideways at {width}px"

        # The workforce statistics: the golongan chart's table holds the numbers of its summary.
        page.goto(f"{live_pamong.url}/statistics/workforce/")
        chart = page.locator("#chart-golongan")
        assert chart.locator("svg[role=img]").is_visible()
        summary = chart.locator(".pamong-chart__summary").inner_text()
        table = chart.locator("#chart-golongan-table")
        assert not table.is_visible()
        chart.locator("summary").click()
        assert table.is_visible()
        values = [_number(v) for v in table.locator("tbody td").all_inner_texts()]
        labels = [t.strip() for t in table.locator("tbody th").all_inner_texts()]
        largest = max(values)
        assert labels[values.index(largest)] in summary
        assert str(largest) in summary.replace(".", "")
        percent = round(100 * largest / sum(values))
        assert f"{percent} %" in summary
        assert _fits(page), f"the statistics scroll sideways at {width}px"
        page.screenshot(path=str(tmp_path / f"statistics-{width}.png"), full_page=True)

        # The leave and performance charts fit too, and their tables open.
        for url, chart_id in (("/leave/statistics/", "chart-leave-months"),
                              ("/performance/dashboard/", "chart-completeness")):
            page.goto(f"{live_pamong.url}{url}")
            page.locator(f"#{chart_id} summary").click()
            assert page.locator(f"#{chart_id}-table").is_visible(), url
            assert _fits(page), f"{url} scrolls sideways at {width}px"
    finally:
        context.close()
