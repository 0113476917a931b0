from django.contrib.auth.models import AbstractBaseUser as User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class AuthedRequest(HttpRequest):
    """A request that passed LoginRequiredMiddleware (typing aid only)."""

    user: User
    htmx: HtmxDetails
