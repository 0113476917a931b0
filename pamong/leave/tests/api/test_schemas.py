"""The leave part of the OpenAPI document: allowlisted inputs and outputs."""

from pamong.api.urls import api

IN_SCHEMAS = ("LeaveApplicationIn", "DocumentIn", "LeaveStepActIn", "LeaveApplicationCancelIn",
              "LeaveApplicationRevokeIn", "HolidayCreateIn", "HolidayPrefillIn")


def _schemas():
    return api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]


def test_in_schemas_forbid_unknown_fields():
    schemas = _schemas()

    for name in IN_SCHEMAS:
        assert schemas[name].get("additionalProperties") is False, name


def test_computed_fields_are_not_inputs():
    application_in = set(_schemas()["LeaveApplicationIn"]["properties"])

    assert not application_in & {"id", "status", "working_days", "calendar_days", "employee", "pemda", "process",
                                 "submitted_by", "decided_at", "idempotency_key"}


def test_out_schemas_are_allowlists():
    schemas = _schemas()

    for name in ("LeaveApplicationOut", "LeaveApplicationDetailOut", "ApprovalStepOut", "AttachmentOut",
                 "HolidayOut", "LedgerLineOut"):
        fields = set(schemas[name]["properties"])
        assert not fields & {"pk", "pemda_id", "employee_id", "process_id", "idempotency_key", "file", "sha256",
                             "dedupe_key", "created_by", "recorded_by", "data"}, name
