"""One bare view: 25 employees' name and NIP as plain HTML (no template, session or auth)."""

from html import escape

from django.http import HttpResponse
from django.urls import path

from pamong.people.models import Employee


def ceiling(request) -> HttpResponse:
    rows = Employee.objects.filter(is_active=True).order_by("name", "pk").values_list("name", "nip")[:25]
    body = "".join(f"<li>{escape(name)} {nip}</li>" for name, nip in rows)
    return HttpResponse(f"<!doctype html><title>ceiling</title><ul>{body}</ul>")


urlpatterns = [path("bench/ceiling/", ceiling)]
