"""The unit filter's <option> list, built as a string and cached until a unit changes (issue #10).

A Pemda has thousands of units: rendered option by option through templates, the filter cost more than the rest
of a list page. Public (other contexts' list pages use it; people.forms is not theirs to import)."""

from django import forms
from django.core.cache import cache
from django.db.models import Count, Max
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import OrgUnit, path_within
from .selectors import units_visible_to


def unit_options_html(actor, *, within: OrgUnit | None = None) -> str:
    """The escaped <option> list of the actor's active units (only *within*'s tree when given, e.g. a unit head's
    page; its first option is then that unit, not "All units"), cached until a unit changes."""
    units = units_visible_to(actor).filter(is_active=True)
    if within is not None:
        units = units.filter(path_within("path", within.path))
    version = units.aggregate(changed=Max("updated_at"), count=Count("pk"))
    key = "unit-options:{}:{}:{}:{}:{}".format(
        actor.pemda_id, get_language(), within.path if within is not None else "", version["count"],
        version["changed"].timestamp() if version["changed"] else 0,
    )
    html = cache.get(key)
    if html is None:
        rows = units.order_by("path").values_list("public_id", "name", "depth")
        first = "" if within is not None else f'<option value="">{escape(_("All units"))}</option>'
        html = first + "".join(
            f'<option value="{public_id}">{"&nbsp;&nbsp;" * depth}{escape(name)}</option>'
            for public_id, name, depth in rows
        )
        cache.set(key, html, 3600)
    return html


def unit_options_selected(actor, selected: str | None, *, within: OrgUnit | None = None) -> SafeString:
    """The actor's unit options with *selected* (a unit's public id) marked, for a plain <select> in a template."""
    options = unit_options_html(actor, within=within)
    if selected:
        marker = f'value="{escape(str(selected))}"'
        options = options.replace(marker, marker + " selected", 1)
    return mark_safe(options)  # noqa: S308 (every name escaped when built)


class UnitSelect(forms.Select):
    """A form's unit <select> whose options are the cached list (unit_options_html) instead of one option widget
    per unit: a list page of an agency with 1,800 units spent most of its time building those (issue #13).

    The field keeps validating against its own queryset; this only renders. *within*: a unit head's tree (its first
    option is that unit). *empty_label*: the empty first option's text instead of "All units" (a form whose unit is
    required: "— choose a unit —")."""

    def __init__(self, actor, *, within: OrgUnit | None = None, attrs=None, empty_label=None) -> None:
        super().__init__(attrs)
        self.actor, self.within, self.empty_label = actor, within, empty_label

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        options = unit_options_selected(self.actor, str(value) if value else None, within=self.within)
        all_units = format_html('<option value="">{}</option>', _("All units"))
        if self.empty_label is not None and options.startswith(all_units):
            options = format_html('<option value="">{}</option>{}', self.empty_label, options[len(all_units):])
        return format_html("<select{}>{}</select>", flatatt(final), options)
