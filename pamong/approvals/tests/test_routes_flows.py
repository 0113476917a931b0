"""A flow whose handler keeps its own route ignores what an agency configures."""

import pytest

from pamong.approvals.models import ApprovalRouteStep
from pamong.approvals.registry import registered_flows
from pamong.approvals.selectors import configured_route

pytestmark = pytest.mark.django_db


def test_the_self_change_flow_cannot_be_routed_and_ignores_a_stray_configured_step(world):
    # given a step for the self-change flow written before the rule (or through the Django admin)
    ApprovalRouteStep.objects.create(pemda=world.pemda, flow="self_change", order=1, role="supervisor",
                                     label="atasan langsung")

    # then the flow is not offered for routes, and the configured step is not used
    assert "self_change" in registered_flows()
    assert "self_change" not in registered_flows(configurable=True)
    assert "leave" in registered_flows(configurable=True)
    assert configured_route(pemda_id=world.pemda.pk, flow="self_change", request_kind="", unit=None, context={}) == []
