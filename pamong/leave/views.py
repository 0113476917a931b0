"""HTML views of the leave context (thin: parse → selector → service → render)."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .selectors import leave_application_detail_queryset


@require_GET
def home(request) -> HttpResponse:
    return TemplateResponse(request, "leave/home.html", {})


@require_GET
def application_detail(request, public_id: UUID) -> HttpResponse:
    application = get_object_or_404(leave_application_detail_queryset(request.user), public_id=public_id)
    return TemplateResponse(request, "leave/application_detail.html", {"application": application})
