"""Performance text typed in forms refuses invisible/bidi/control characters (pamong.core.text via BootstrapForm)."""

import pytest
from pydantic import ValidationError

from pamong.performance.api.objections import ObjectionCreateIn
from pamong.performance.api.plans import PlanReviseIn
from pamong.performance.forms import ReviseForm


def test_a_reason_with_a_bidi_override_is_refused_and_a_multi_line_one_accepted():
    refused = ReviseForm({"reason": "Target direvisi\u202e karena anggaran"})
    accepted = ReviseForm({"reason": "Target direvisi.\nAnggaran berubah."})

    assert not refused.is_valid()
    assert refused.errors.as_data()["reason"][0].code == "core.text_control_characters"
    assert accepted.is_valid(), accepted.errors


def test_the_api_schemas_refuse_hidden_characters_in_typed_text():
    with pytest.raises(ValidationError) as refused:
        PlanReviseIn(reason="Anggaran\u200b berubah")
    assert refused.value.errors()[0]["loc"] == ("reason",)
    with pytest.raises(ValidationError):
        ObjectionCreateIn(text="Nilai \u202etidak adil")
    assert ObjectionCreateIn(text="Nilai tidak sesuai.\nMohon ditinjau.").text.startswith("Nilai")
