"""Agency-wide figures kept for a few minutes (issue #11 at 50,000 employees): the gap map and the JP recap's unit
totals aggregate every employee's standards, levels or ledger (0.3–1 s on SQLite), so, like the performance
dashboard, they are read again at most every PAMONG_DASHBOARD_CACHE_SECONDS and the page says from when.

Kept per actor (what one may see is never served to another), per parameters and language; 0 seconds (the test
settings) reads afresh every time. An unreachable cache (Redis restarting) never fails the page: the figures are
then computed afresh.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

logger = logging.getLogger(__name__)


def remembered_figures(actor, name: str, parts: tuple, compute: Callable[[], dict]) -> dict:
    """*compute()*'s dict plus ``as_of`` (when it was computed), from the cache when computed recently."""
    ttl = settings.PAMONG_DASHBOARD_CACHE_SECONDS
    key = "development:{}:{}:{}:{}".format(name, actor.pk, ":".join(str(part) for part in parts), get_language())
    if ttl:
        try:
            found = cache.get(key)
        except Exception:  # the cache is an optimisation: never the reason a page fails
            logger.warning("development figures: cache unreachable", exc_info=True)
            found = None
        if found is not None:
            return found
    figures = {**compute(), "as_of": timezone.now()}
    if ttl:
        try:
            cache.set(key, figures, ttl)
        except Exception:
            logger.warning("development figures: cache unreachable", exc_info=True)
    return figures
