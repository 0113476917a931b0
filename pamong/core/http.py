from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from django.contrib.auth.models import AbstractBaseUser as User


class AuthedRequest(HttpRequest):
    """A request that passed LoginRequiredMiddleware (typing aid only)."""

    user: User
    htmx: HtmxDetails
