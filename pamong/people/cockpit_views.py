"""The executive's cockpit and the workforce statistics (thin: agency → permission → aggregates → render).

The agency is the actor's own; a platform superadmin, who belongs to none,
names it with ``?agency=<public id>`` (and gets a chooser without it). An
agency the actor may not see is 404, like one that does not exist.
"""

from uuid import UUID

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from pamong.core.db_router import reads_from_replica
from pamong.core.htmx import partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate

from . import statistics
from .capabilities import PeoplePerm
from .cockpit import can_view_cockpit, may_open_cockpit, panels_for
from .cockpit_panels import retirement_chart
from .models import OrgUnit, Pemda
from .selectors import agencies_of
from .statistics_charts import age_chart, education_chart, golongan_chart


def _agency(request: AuthedRequest) -> Pemda | None:
    """The agency the page is about; None when a superadmin has not chosen one yet. Http404 for a foreign one."""
    raw = request.GET.get("agency", "")
    if not request.user.is_superuser:
        if raw and str(getattr(request.user.pemda, "public_id", "")) != raw:
            raise Http404
        return request.user.pemda
    if not raw:
        return None
    try:
        public_id = UUID(raw)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(agencies_of(request.user), public_id=public_id)


def _chooser(request: AuthedRequest, title: str) -> TemplateResponse:
    context = {"title": title, "agencies": agencies_of(request.user)}
    return TemplateResponse(request, "people/cockpit_choose_agency.html", context)


@require_GET
def cockpit(request: AuthedRequest) -> HttpResponse:
    """The agency at a glance for its executives and HR admins: every figure links to its list."""
    if not may_open_cockpit(request.user):
        raise PermissionDenied
    pemda = _agency(request)
    if pemda is None:
        return _chooser(request, _("Cockpit"))
    if not can_view_cockpit(request.user, pemda):
        raise PermissionDenied
    context = {"pemda": pemda, "today": timezone.localdate(), "panels": panels_for(request.user, pemda),
               "agency_param": pemda.public_id if request.user.is_superuser else ""}
    return TemplateResponse(request, "people/cockpit.html", context)


# --- Workforce statistics ------------------------------------------------------------------------------------


def can_view_workforce_statistics(actor, pemda: Pemda | None) -> bool:
    """Whoever sees every employee of *pemda* (HR, executives, auditors) sees its profile; a superadmin any."""
    if pemda is None:
        return False
    if actor.is_superuser:
        return True
    return actor.pemda_id == pemda.pk and actor.has_perm(PeoplePerm.VIEW_ANY_EMPLOYEE)


def _statistics_agency(request: AuthedRequest, title: str) -> Pemda | TemplateResponse:
    # The permission before anything is parsed: a refused user learns nothing about the agency's units.
    if not (request.user.is_superuser or request.user.has_perm(PeoplePerm.VIEW_ANY_EMPLOYEE)):
        raise PermissionDenied
    pemda = _agency(request)
    if pemda is None:
        return _chooser(request, title)
    if not can_view_workforce_statistics(request.user, pemda):
        raise PermissionDenied
    return pemda


class UnitFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit (with its sub-units)"), queryset=OrgUnit.objects.none(),
                                  to_field_name="public_id", required=False,
                                  empty_label=gettext_lazy("The whole agency"))

    def __init__(self, data, *, pemda: Pemda) -> None:
        super().__init__(data)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pemda=pemda, is_active=True).order_by("path")
        self.fields["unit"].widget.attrs.update({"class": "form-select"})


@require_GET
@reads_from_replica
def workforce_statistics(request: AuthedRequest) -> HttpResponse:
    """Employees by golongan, education and age band, and retirements per year for the next five years."""
    found = _statistics_agency(request, _("Workforce statistics"))
    if isinstance(found, TemplateResponse):
        return found
    pemda = found
    form = UnitFilterForm(request.GET if "unit" in request.GET else None, pemda=pemda)
    unit = None
    if form.is_bound:
        if not form.is_valid():
            context = {"pemda": pemda, "form": form, "charts": None, "agency_param": _agency_param(request, pemda)}
            return TemplateResponse(request, "people/workforce_statistics.html", context, status=422)
        unit = form.cleaned_data.get("unit")
    today = timezone.localdate()
    employees = statistics.agency_employees(pemda.pk, unit)
    retirements = statistics.retirements_by_year(employees, today.year)
    context = {
        "pemda": pemda, "form": form, "unit": unit, "agency_param": _agency_param(request, pemda),
        "headcount": employees.count(),
        "charts": [
            golongan_chart(statistics.by_golongan(employees)),
            education_chart(statistics.by_education(employees)),
            age_chart(statistics.by_age_band(employees, today)),
            retirement_chart(retirements),
        ],
        "retirements": retirements,
    }
    return TemplateResponse(request, "people/workforce_statistics.html", context)


def _agency_param(request: AuthedRequest, pemda: Pemda) -> str:
    return str(pemda.public_id) if request.user.is_superuser else ""


class RetirementYearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False)

    def __init__(self, data, *, first: int, last: int) -> None:
        super().__init__(data)
        self.first, self.last = first, last

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year") or self.first
        if not self.first <= year <= self.last:
            raise forms.ValidationError(_("Choose a year from %(first)d to %(last)d.")
                                        % {"first": self.first, "last": self.last})
        return year


@require_GET
def retirements(request: AuthedRequest) -> HttpResponse:
    """Who reaches their retirement date (BUP) in a year: the list behind the retirement figures."""
    found = _statistics_agency(request, _("Retirements"))
    if isinstance(found, TemplateResponse):
        return found
    pemda = found
    this_year = timezone.localdate().year
    form = RetirementYearForm(request.GET or None, first=this_year - 1, last=this_year + 10)
    if form.is_bound and not form.is_valid():
        context = {"pemda": pemda, "form": form, "page": None, "agency_param": _agency_param(request, pemda)}
        return TemplateResponse(request, "people/retirements.html", context, status=422)
    year = form.cleaned_data["year"] if form.is_bound else this_year
    page = paginate(request, statistics.retiring_in(statistics.agency_employees(pemda.pk), year))
    context = {"pemda": pemda, "form": form, "year": year, "page": page, "agency_param": _agency_param(request, pemda)}
    return TemplateResponse(request, partial_template(request, "people/retirements.html", "results"), context)
