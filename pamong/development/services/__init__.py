"""Writes of the development context, one module per sub-domain. Each: permission → state → write → audit, in one
transaction.

- competencies: the dictionary, job competency standards (and their .xlsx import), assessed levels
- training: the catalogue, enrolments (approval flow "enrolment"), completion, evaluation, the JP ledger
- plans: individual development plans (approval flow "development_plan"), drafted from gaps and follow-ups
- awards: the awards register

Callers import from the sub-modules; ``register()`` wires the context into the lower ones' registries.
"""

from . import awards, competencies, learning, mentoring, plans, training


def register() -> None:
    competencies.register()
    training.register()
    plans.register()
    awards.register()
    learning.register()
    mentoring.register()
