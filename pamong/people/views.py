from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET


@require_GET
def home(request) -> HttpResponse:
    return TemplateResponse(request, "people/home.html", {})
