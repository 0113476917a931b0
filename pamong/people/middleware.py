import zoneinfo
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import Pemda

_TTL = 300


def pemda_timezone_name(pemda_id: int) -> str:
    """The Pemda's IANA zone (e.g. Asia/Makassar), cached: it changes rarely."""
    key = f"pemda-tz:{pemda_id}"
    name = cache.get(key)
    if name is None:
        name = Pemda.objects.filter(pk=pemda_id).values_list("timezone", flat=True).first() or ""
        cache.set(key, name, _TTL)
    return name


class PemdaTimezoneMiddleware:
    """Show times in the actor's agency zone (WIB/WITA/WIT); storage stays UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        pemda_id = getattr(user, "pemda_id", None) if user is not None and user.is_authenticated else None
        name = pemda_timezone_name(pemda_id) if pemda_id else ""
        try:
            zone = zoneinfo.ZoneInfo(name) if name else None
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None
        if zone is None:
            timezone.deactivate()
        else:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
