"""Flow handlers: how a context plugs its objects into the approval engine.

A context registers one handler per flow in its AppConfig.ready(). The
engine calls it inside the transaction of every step, so the context's own
state (a leave application's status, its balance) changes atomically with
the step, and a refusal raised by the handler undoes the step.
"""

from dataclasses import dataclass, field
from typing import Protocol

from .choices import ApproverRole


@dataclass(frozen=True, slots=True)
class StepSpec:
    """A step before its approver is known: what a route says."""

    role: str
    label: str
    is_binding: bool = True
    position_id: int | None = None
    remind_after_days: int = 3
    escalate: bool = True
    permission: str = ""  # role PERMISSION: "app_label.codename" any other holder in the agency may act on


@dataclass(slots=True)
class PlannedStep:
    """A step with its approver resolved from the hierarchy."""

    spec: StepSpec
    approver: object  # people.Employee
    approver_position_id: int | None
    labels: list[str] = field(default_factory=list)


class FlowHandler(Protocol):
    flow: str

    def default_route(self, *, request_kind: str, context: dict) -> list[StepSpec]: ...

    def on_step_done(self, *, process, step, actor) -> None: ...

    def on_finished(self, *, process, step, outcome: str, actor) -> None: ...

    def describe(self, process) -> str: ...

    def url(self, process) -> str: ...


_handlers: dict[str, FlowHandler] = {}


def register_flow(handler: FlowHandler) -> None:
    _handlers[handler.flow] = handler


def registered_flows(*, configurable: bool = False) -> list[str]:
    """The flows the contexts registered; with *configurable*, only those a configured route may name.

    A handler with ``configurable_route = False`` keeps its own route whatever an agency configures: the pool of
    "any other HR admin" that decides an HR admin's change about themselves must not become one named post.
    """
    return sorted(flow for flow, handler in _handlers.items()
                  if not configurable or getattr(handler, "configurable_route", True))


def handler_for(flow: str) -> FlowHandler:
    try:
        return _handlers[flow]
    except KeyError:
        raise LookupError(f"no approval flow handler registered for {flow!r}") from None


SUPERVISOR_THEN_OPD_HEAD = (
    StepSpec(role=ApproverRole.SUPERVISOR, label="atasan langsung", is_binding=False),
    StepSpec(role=ApproverRole.OPD_HEAD, label="pejabat yang berwenang", is_binding=True),
)
