"""/performance/plans/{plan_id}/realisations: realisations of the indicators, with their evidence."""

import base64
import binascii
from decimal import Decimal
from uuid import UUID

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import Amount, InSchema, PublicIdOut, Text, error_responses, limit_param, offset_param, page_of
from pamong.people.documents import check_document
from pamong.people.errors import PeopleError

from .. import errors, rules
from ..choices import Direction, EvidenceKind, IndicatorSource
from ..errors import PerformanceError
from ..models import Realisation, SkpIndicator
from ..services import MAX_EVIDENCE_PER_REALISATION, evidence_add, realisation_report
from ._common import _plan, _unknown
from .schemas import PERIOD, PERIOD_HELP, Lines, PeriodFilter

router = Router()

# Base64 grows by 4/3; the whole request body is capped by DATA_UPLOAD_MAX_MEMORY_SIZE anyway.
MAX_BASE64_CHARS = 7 * 1024 * 1024


class EvidenceOut(PublicIdOut):
    kind: EvidenceKind
    description: str
    url: str
    number: Decimal | None
    filename: str
    content_type: str
    sha256: str

    @staticmethod
    def resolve_filename(obj) -> str:
        return obj.original_name


class RealisationOut(PublicIdOut):
    indicator_id: UUID
    indicator: str
    period: str
    value: Decimal
    target_value: Decimal
    achievement: Decimal | None = Field(None, description="Percentage of the target achieved (capped at 200).")
    note: str
    source: IndicatorSource
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_indicator_id(obj) -> UUID:
        return obj.indicator.public_id

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.name

    @staticmethod
    def resolve_target_value(obj) -> Decimal:
        return obj.indicator.target_value

    @staticmethod
    def resolve_achievement(obj) -> Decimal | None:
        indicator = obj.indicator
        return rules.achievement(indicator.target_value, obj.value,
                                 lower_is_better=indicator.direction == Direction.LOWER_IS_BETTER)

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())


class RealisationPageOut(Schema):
    count: int
    items: list[RealisationOut]


class EvidenceIn(InSchema):
    kind: EvidenceKind
    description: Lines = Field("", max_length=300)
    url: Lines = Field("", max_length=500, description="kind link: an http(s) address.")
    number: Amount | None = Field(None, description="kind number: the figure.")
    filename: Lines = Field("", max_length=255, description="kind file: with its extension (.pdf, .jpg or .png).")
    content_base64: str = Field("", max_length=MAX_BASE64_CHARS, description="kind file: the content, base64.")


class RealisationIn(InSchema):
    indicator_id: UUID
    period: Text = Field(..., max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
    value: Amount
    note: Lines = Field("", max_length=2000)
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=MAX_EVIDENCE_PER_REALISATION,
                                       description="Bukti dukung added with the report (appended on a correction).")


def _realisation_queryset() -> QuerySet[Realisation]:
    return Realisation.objects.select_related("indicator").prefetch_related("evidence")


def _evidence_uploads(evidence: list[EvidenceIn]) -> list[tuple[str, bytes] | None]:
    """Decode and check every file before anything is written, so a bad file never leaves a half report."""
    uploads: list[tuple[str, bytes] | None] = []
    for index, item in enumerate(evidence):
        if item.kind != EvidenceKind.FILE:
            uploads.append(None)
            continue
        field = f"evidence.{index}.content_base64"
        try:
            content = base64.b64decode(item.content_base64, validate=True)
            check_document(item.filename, content)
        except (binascii.Error, ValueError):
            message = _("The file is not valid base64.")
            raise PerformanceError(message, code=errors.INVALID_DOCUMENT, extra={"fields": {field: [message]}}) from None
        except PeopleError as exc:
            raise PerformanceError(exc.message, code=errors.INVALID_DOCUMENT,
                                   extra={"fields": {field: [exc.message]}}) from None
        uploads.append((item.filename, content))
    return uploads


def _evidence_error(exc: PerformanceError, index: int) -> PerformanceError:
    """The service's field names, placed on the evidence item the client sent."""
    renamed = {"upload": "content_base64", "realisation": "period"}
    fields = {f"evidence.{index}.{renamed.get(name, name)}": messages
              for name, messages in (exc.extra.get("fields") or {}).items()}
    return PerformanceError(exc.message, code=exc.code, http_status=exc.http_status,
                            extra={**exc.extra, "fields": fields})


@router.get(
    "/plans/{plan_id}/realisations",
    response={200: RealisationPageOut, **error_responses(401, 404, 422)},
    summary="The realisations of an SKP's indicators with their evidence and achievement",
    operation_id="performance_realisation_list",
)
def realisation_list(request, plan_id: UUID, filters: Query[PeriodFilter], limit: int = limit_param(),
                     offset: int = offset_param()):
    skp = _plan(request, plan_id)
    realisations = _realisation_queryset().filter(indicator__result__skp=skp)
    if filters.period:
        realisations = realisations.filter(period=filters.period)
    ordered = realisations.order_by("period", "indicator__result__order", "indicator__result_id", "indicator_id")
    return page_of(ordered, limit, offset)


@router.post(
    "/plans/{plan_id}/realisations",
    response={200: RealisationOut, 201: RealisationOut, **error_responses(401, 403, 404, 409, 413, 422)},
    summary="Report (201) or correct (200) an indicator's realisation for a period, with evidence",
    description="Evidence is a list of `{kind: file|link|number, description, url, number, filename, "
                "content_base64}`. The report and its evidence are written together or not at all. 409 "
                "`performance.already_rated` once a rating covers the period.",
    operation_id="performance_realisation_report",
)
def realisation_create(request, plan_id: UUID, payload: RealisationIn):
    skp = _plan(request, plan_id)
    indicator = SkpIndicator.objects.select_related("result__skp").filter(
        result__skp=skp, public_id=payload.indicator_id).first()
    if indicator is None:
        raise _unknown("indicator_id")
    uploads = _evidence_uploads(payload.evidence)
    existing = Realisation.objects.filter(indicator=indicator, period=payload.period).first()
    if existing is not None and existing.evidence.count() + len(payload.evidence) > MAX_EVIDENCE_PER_REALISATION:
        message = _("A realisation has at most %(n)d pieces of evidence.") % {"n": MAX_EVIDENCE_PER_REALISATION}
        raise PerformanceError(message, code=errors.TOO_MANY_EVIDENCE, extra={"fields": {"evidence": [message]}})
    # Files last: a link or figure refused by the service then stops the request before any file is stored.
    order = sorted(range(len(payload.evidence)), key=lambda i: payload.evidence[i].kind == EvidenceKind.FILE)
    # One transaction around the two services: the report and its evidence are written together or not at all.
    with transaction.atomic():
        realisation = realisation_report(actor=request.user, indicator=indicator, period=payload.period,
                                         value=payload.value, note=payload.note)
        for index in order:
            item = payload.evidence[index]
            try:
                evidence_add(actor=request.user, realisation=realisation, kind=item.kind.value,
                             description=item.description, url=item.url, number=item.number, upload=uploads[index])
            except PerformanceError as exc:
                raise _evidence_error(exc, index) from None
    return Status(200 if existing else 201, _realisation_queryset().get(pk=realisation.pk))
