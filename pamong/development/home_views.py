"""The development home page: the actor's competencies and gaps, plan, learning (JP, enrolments) and awards, and
the links their roles open. Each sub-domain contributes its part (selectors.<part>.home_context and the
template development/_home_<part>.html)."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from pamong.core.http import AuthedRequest
from pamong.people.selectors import actor_employee

from .capabilities import DevelopmentPerm
from .selectors import awards, competencies, learning, mentoring, plans, training

PARTS = (competencies, plans, training, awards, learning, mentoring)


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    actor = request.user
    me = actor_employee(actor)
    context = {"me": me, "year": timezone.localdate().year, "manage": actor.has_perm(DevelopmentPerm.MANAGE),
               "agency_wide": actor.has_perm(DevelopmentPerm.VIEW_ANY)}
    for part in PARTS:
        context.update(part.home_context(actor, me))
    return TemplateResponse(request, "development/home.html", context)
