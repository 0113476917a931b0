"""The performance API: /api/v1/performance/ (STYLE.md §4.11, §5.8).

Reads start from skps_visible_to() / evaluations_visible_to(), so a plan or
rating outside the actor's scope is a 404; writes go through the performance
services and the approval engine, which answer 403 (PermissionDenied), 422 (a
broken rule, with a stable ``code``) or 409 (a state conflict). ``id`` in
every payload is the public UUID. In-schemas forbid unknown fields; a rating
input that carries ``predikat`` is refused with ``performance.predikat_is_derived``
(the predikat always comes from the official matrix, PermenPANRB 6/2022).

One router module per sub-domain (plans, realisations, feedback, evaluations,
objections, calibration), composed here in that order into the one ``router``
that pamong/api/urls.py mounts; the shared schemas are in ``schemas``.
"""

from ninja import Router

from . import calibration, evaluations, feedback, objections, plans, realisations

__all__ = ["router"]

router = Router(tags=["performance"])
# The order of the paths in the OpenAPI document follows the order of these lines.
router.add_router("", plans.router)
router.add_router("", realisations.router)
router.add_router("", feedback.router)
router.add_router("", evaluations.router)
router.add_router("", objections.router)
router.add_router("", calibration.router)
