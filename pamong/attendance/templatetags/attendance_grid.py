"""The month grid's day cells as one string: 50 employees × 31 days rendered by a template loop cost ~12,000 node
renders (most of the page's time at a Dinas of 46,000); built here with the same escaping."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BLANK = mark_safe("&nbsp;")  # noqa: S308 - a constant entity


@register.filter
def grid_cells(cells) -> SafeString:
    """``<td>`` per (code, status, badge class) cell, as the grid template wrote them; each distinct cell (a dozen
    statuses) is escaped once."""
    made: dict[tuple, str] = {}
    parts = []
    for cell in cells:
        html = made.get(cell)
        if html is None:
            code, status, badge = cell
            html = made[cell] = format_html(
                '<td class="p-0" data-status="{}"><span class="badge {} font-monospace">{}</span></td>',
                status, badge, code or BLANK)
        parts.append(html)
    return mark_safe("".join(parts))  # noqa: S308 - each part built by format_html
