"""A form renderer that writes the commonest widgets in Python (issue #10: the rendering path).

Django renders every widget through a template, and a <select> through one template per option plus one for
each option's attributes: about 0.1 ms per option. A directory filter with a few selects spent a fifth of the
page there. FastRenderer produces, for the widget templates Django ships (inputs, checkbox, textarea, select
and its options), exactly the markup those templates produce (tests compare the two, hostile values included),
and hands every other template, the project's own widgets among them, to the template engine as before.
"""

from collections.abc import Callable

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
# The templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
                 "search", "tel", "color", "checkbox")
)
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


def _text(value) -> str:
    """{{ value|stringformat:'s' }} under autoescape: the plain string, escaped (a safe string loses its mark)."""
    return conditional_escape("%s" % (value,))  # noqa: UP031 (a plain str even from a SafeString)


def _shown(value) -> str:
    """{{ value }} under autoescape: localised (dates, numbers, aware times in the current zone), then escaped."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def render_attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


def render_input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f'{value}{render_attrs(widget["attrs"])}>')


def render_textarea(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{render_attrs(widget["attrs"])}>\n{value}</textarea>'


def render_select(widget: dict) -> str | None:
    """select.html with select_option.html; None when an option uses another template (the engine renders it)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{render_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(f'\n  <option value="{_text(option["value"])}"{render_attrs(option["attrs"])}>'
                         f'{_shown(option["label"])}</option>\n')  # the option template ends with a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_FAST: dict[str, Callable[[dict], str | None]] = {
    **dict.fromkeys(INPUT_TEMPLATES, render_input),
    f"{WIDGETS}textarea.html": render_textarea,
    f"{WIDGETS}select.html": render_select,
}


class FastRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's DjangoTemplates renderer with the built-in widgets written in Python."""

    def render(self, template_name, context, request=None):
        fast = _FAST.get(template_name)
        if fast is not None and "widget" in context:
            html = fast(context["widget"])
            if html is not None:
                return mark_safe(html.strip())  # noqa: S308 (every value above is escaped)
        return super().render(template_name, context, request=request)
