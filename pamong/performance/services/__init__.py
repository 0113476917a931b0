"""Writes of performance management, one module per sub-domain. Each: permission → state → write → audit, in one
transaction.

- plans: the SKP (results, indicators, behaviour expectations), submission, new versions, the "skp" approval flow
- realisations: realisations, their evidence and the sheet import
- feedback: continuous feedback and performance dialogues
- evaluations: rating a period (the predikat derived from the matrix)
- objections: objections to a rating and their decision
- calibration: organisation ratings and calibration against the distribution
- targets: organisation targets (the top of the cascade)
- conversion: a Pemda's conversion tables

Callers import from this package (``from pamong.performance.services import skp_create``); the modules are its
layout, not its interface.
"""

from ._common import EDITABLE, YEARS
from .calibration import evaluation_calibrate, organisation_rating_set
from .conversion import CONVERSION_KEYS, CONVERSION_MAXIMUM, conversion_row_set
from .evaluations import evaluation_record, period_kind
from .feedback import dialogue_record, feedback_give
from .objections import objection_decide, objection_submit
from .plans import (
    EXPECTATIONS_OPEN,
    FLOW,
    SkpFlow,
    register,
    skp_create,
    skp_expectation_set,
    skp_indicator_add,
    skp_result_add,
    skp_revise,
    skp_submit,
)
from .realisations import MAX_EVIDENCE_PER_REALISATION, evidence_add, realisation_report, realisations_import
from .targets import organisation_target_add

__all__ = [
    "CONVERSION_KEYS",
    "CONVERSION_MAXIMUM",
    "EDITABLE",
    "EXPECTATIONS_OPEN",
    "FLOW",
    "MAX_EVIDENCE_PER_REALISATION",
    "YEARS",
    "SkpFlow",
    "conversion_row_set",
    "dialogue_record",
    "evaluation_calibrate",
    "evaluation_record",
    "evidence_add",
    "feedback_give",
    "objection_decide",
    "objection_submit",
    "organisation_rating_set",
    "organisation_target_add",
    "period_kind",
    "realisation_report",
    "realisations_import",
    "register",
    "skp_create",
    "skp_expectation_set",
    "skp_indicator_add",
    "skp_result_add",
    "skp_revise",
    "skp_submit",
]
