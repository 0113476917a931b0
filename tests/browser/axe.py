"""Run axe-core (vendored in tests/browser/assets) on the page a browser test is looking at.

Pamong's CSP allows scripts from 'self' only, so the page's context must be opened with
``bypass_csp=True`` for the injected script to run (see ``axe_page`` in the tests using it).
"""

from pathlib import Path

AXE_JS = Path(__file__).with_name("assets") / "axe.min.js"
# What the issue asks for: no serious or critical violation. Minor and moderate ones are reported by axe but
# left to review (e.g. "region" on htmx fragments).
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# WCAG 2.0/2.1/2.2 A and AA, plus axe's best practices that are about structure (landmarks, headings, ids).
RUN_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                       "best-practice"]},
               "resultTypes": ["violations"]}


def serious_violations(page) -> list[dict]:
    """The serious and critical axe violations of the current page, each with the selectors of its nodes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("options => window.axe.run(document, options)", RUN_OPTIONS)
    return [
        {"id": violation["id"], "impact": violation["impact"], "help": violation["help"],
         "nodes": [", ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                   for node in violation["nodes"]][:5]}
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
