"""Talent pages (issue #13, rules.md §6): the 9-box of a year and unit (grid and table, movement from the previous
stored year), the talent pool, the settings and recomputing a year (HR)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import Pemda

from . import talent
from .selectors import talent as reads
from .services import talent as services
from .talent_forms import PoolFilterForm, ReviewForm, TalentFilterForm, TalentSettingsForm


def _scope(request: AuthedRequest) -> reads.TalentScope:
    scope = reads.talent_scope(request.user)
    if not scope.any:
        raise PermissionDenied
    return scope


def _filters(request: AuthedRequest, scope: reads.TalentScope, form_class=TalentFilterForm):
    years = reads.review_years(scope.pemda_id)
    form = form_class(request.GET or None, years=years, units=reads.units_for_filter(scope))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or (years[0] if years else None)
    return form, data, reads.review_of(scope.pemda_id, year)


@require_GET
def nine_box(request: AuthedRequest) -> HttpResponse:
    scope = _scope(request)
    form, data, review = _filters(request, scope)
    unit = data.get("unit")
    chart = reads.nine_box(scope, review, unit)
    can_manage = services.can_manage_talent(request.user, request.user.pemda_id)
    return TemplateResponse(request, "mobility/talent_boxes.html", {
        "form": form, "chart": chart, "review": review, "unit": unit, "scope": scope,
        "movement": reads.movement(scope, review, chart, unit) if scope.agency or scope.unit else None,
        "can_manage": can_manage,
        "review_form": ReviewForm(prefix="review", initial={"year": review.year if review else timezone.localdate().year}),
        "invalid": form.is_bound and not form.is_valid()},
        status=422 if form.is_bound and not form.is_valid() else 200)


@require_POST
def review_compute(request: AuthedRequest) -> HttpResponse:
    if not services.can_manage_talent(request.user, request.user.pemda_id):
        raise PermissionDenied
    pemda = get_object_or_404(Pemda, pk=request.user.pemda_id)
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            review = services.talent_review_compute(actor=request.user, pemda=pemda, year=form.cleaned_data["year"])
        except DomainError as exc:
            form.apply_errors(exc)
        else:
            placed = review.entries.filter(box__isnull=False).count()
            text = _("Talent review %(year)s computed: %(placed)s of %(total)s employees placed in the 9-box.") % {
                "year": review.year, "placed": placed, "total": review.entries.count()}
            return notify(request, redirect(f"{reverse('mobility:talent-boxes')}?year={review.year}"), level="success",
                          text=text)
    message = " ".join(str(e) for errors in form.errors.values() for e in errors)
    return notify(request, redirect("mobility:talent-boxes"), level="error",
                  text=_("The review was not computed: %(reason)s") % {"reason": message})


@require_GET
def pool(request: AuthedRequest) -> HttpResponse:
    scope = _scope(request)
    form, data, review = _filters(request, scope, PoolFilterForm)
    invalid = form.is_bound and not form.is_valid()
    entries = reads.talent_pool(scope, None if invalid else review, unit=data.get("unit"), box=data.get("box"),
                                kind=data.get("kind", ""))
    page = paginate(request, entries)
    for entry in page.object_list:
        entry.follow_up = talent.FOLLOW_UP[entry.box]
    return TemplateResponse(request, "mobility/talent_pool.html", {
        "form": form, "page": page, "review": review, "scope": scope}, status=422 if invalid else 200)


@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthedRequest) -> HttpResponse:
    if not services.can_manage_talent(request.user, request.user.pemda_id):
        raise PermissionDenied
    pemda = get_object_or_404(Pemda, pk=request.user.pemda_id)
    status = 200
    if request.method == "POST":
        form = TalentSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.talent_settings_update(actor=request.user, pemda=pemda, values=form.to_values())
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("mobility:talent-settings"), level="success",
                              text=_("Talent settings saved. They apply to the reviews computed from now on."))
        status = 422
    else:
        form = TalentSettingsForm(initial=TalentSettingsForm.initial_from(
            reads.settings_values(reads.settings_for(pemda.pk))))
    return TemplateResponse(request, "mobility/talent_settings.html", {"form": form}, status=status)
