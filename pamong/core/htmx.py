from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django_htmx.http import trigger_client_event

_LEVELS = {"success": messages.SUCCESS, "error": messages.ERROR, "info": messages.INFO}


def notify(request: HttpRequest, response: HttpResponse, *, level: str, text: str) -> HttpResponse:
    """Attach a one-line notice to *response*.

    htmx swaps get a "notice" client event that base.html shows as a toast;
    full-page responses use the messages framework.
    """
    if getattr(request, "htmx", False):
        return trigger_client_event(response, "notice", {"level": level, "text": str(text)})
    messages.add_message(request, _LEVELS[level], text)
    return response


def partial_template(request: HttpRequest, template_name: str, partial: str) -> str:
    """Return ``template#partial`` for an htmx request, else the full page."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return f"{template_name}#{partial}"
    return template_name
