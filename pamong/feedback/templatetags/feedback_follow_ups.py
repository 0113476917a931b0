"""The follow-up card of the staff results page (follow_up_views.card), built from the page's own context so that
the results view needs no change: ``{% follow_up_card as card %}`` in feedback/staff/_follow_ups.html."""

from django import template

from .. import follow_up_views

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_up_card(context):
    """The card of the page's ``scope`` and results ``found`` (None without a period)."""
    return follow_up_views.card(context["request"], context["scope"], context.get("found"))
