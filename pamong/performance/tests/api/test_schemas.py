"""The performance part of the OpenAPI contract: closed inputs, allowlisted outputs."""

from pamong.api.urls import api

IN_SCHEMAS = (
    "PlanCreateIn", "ResultCreateIn", "IndicatorCreateIn", "PlanApproveIn", "PlanReviseIn", "RealisationIn",
    "EvidenceIn", "FeedbackIn", "EvaluationIn", "ObjectionCreateIn", "ObjectionDecideIn", "CalibrateIn",
    "OrganisationRatingIn",
)


def _schemas():
    return api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]


def test_performance_inputs_forbid_unknown_fields():
    schemas = _schemas()

    for name in IN_SCHEMAS:
        assert schemas[name].get("additionalProperties") is False, name


def test_no_rating_input_accepts_a_predikat():
    schemas = _schemas()

    for name in ("EvaluationIn", "ObjectionDecideIn", "CalibrateIn"):
        assert "predikat" not in schemas[name]["properties"], name


def test_outputs_carry_public_ids_only():
    schemas = _schemas()
    internal = {"pk", "pemda", "pemda_id", "skp_id", "employee_id", "evaluator_id", "process", "process_id", "file",
                "uploaded_by", "reported_by", "created_at"}

    for name in ("PlanDetailOut", "EvaluationOut", "RealisationOut", "EvidenceOut", "FeedbackOut", "ObjectionOut",
                 "CalibrationOut", "DistributionOut"):
        assert not set(schemas[name]["properties"]) & internal, name
