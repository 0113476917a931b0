"""Performance's part of an employee's personal-data archive (registered in PerformanceConfig.ready)."""

from collections.abc import Iterable

from pamong.people.personal_data import register_personal_data_source, row, safe_name

from .models import Evaluation, Evidence, Skp


def _result(result) -> dict:
    item = row(result)
    item["indicators"] = []
    for indicator in result.indicators.all():
        entry = row(indicator)
        entry["realisations"] = []
        for realisation in indicator.realisations.all():
            reported = row(realisation)
            reported["evidence"] = [row(evidence, exclude=("file",)) for evidence in realisation.evidence.all()]
            entry["realisations"].append(reported)
        item["indicators"].append(entry)
    return item


def _skps(employee) -> list[dict]:
    skps = Skp.objects.filter(employee=employee).order_by("year", "version").prefetch_related(
        "results__indicators__realisations__evidence", "behaviours", "feedback", "dialogues")
    data = []
    for skp in skps:
        item = row(skp, exclude=("process",))
        item["results"] = [_result(result) for result in skp.results.all()]
        item["behaviours"] = [row(behaviour) for behaviour in skp.behaviours.all()]
        item["feedback"] = [row(feedback) for feedback in skp.feedback.all()]
        item["dialogues"] = [row(dialogue) for dialogue in skp.dialogues.all()]
        data.append(item)
    return data


def _evaluations(employee) -> list[dict]:
    data = []
    for evaluation in Evaluation.objects.filter(employee=employee).order_by("period", "pk").prefetch_related(
            "objections"):
        item = row(evaluation)
        item["objections"] = [row(objection) for objection in evaluation.objections.all()]
        data.append(item)
    return data


def _evidence_files(employee) -> Iterable[tuple[str, object]]:
    evidence = Evidence.objects.filter(realisation__indicator__result__skp__employee=employee).order_by("pk")
    for item in evidence:
        if item.file:
            yield safe_name(str(item.public_id), item.original_name or "evidence"), item.file


def register() -> None:
    register_personal_data_source(
        "performance_skps", build=_skps, files=_evidence_files,
        models=("performance.skp", "performance.skpresult", "performance.skpindicator", "performance.realisation",
                "performance.evidence", "performance.behaviourexpectation", "performance.feedback",
                "performance.dialogue"),
    )
    register_personal_data_source("performance_evaluations", build=_evaluations,
                                  models=("performance.evaluation", "performance.objection"))
