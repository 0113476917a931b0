"""Development reads: plans (see the package docstring)."""


def home_context(actor, employee) -> dict:
    """What this sub-domain shows on the development home page (template development/_home_plans.html)."""
    return {}
