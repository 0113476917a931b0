"""Where a page's time goes: middleware, view, SQL, templates (issue #10: "measure first").

    .venv/bin/python bench/profile_pages.py --employees 2000 [--dir var/profile-2000] [--repeat 40]

Seeds a production-settings SQLite database once per --dir (migrate, seed_demo, the leave and performance demos,
collectstatic), then in one process requests each page --repeat times through Django's handler with the demo
accounts' sessions and reports, per page, the median of:

- total: the whole handler, as a WSGI server would call it;
- middleware: total minus the innermost part (view + template rendering), i.e. every middleware's own work;
- view: the view function without template rendering (the SQL it runs included);
- templates: rendering (the outermost Template.render of the response, partials included; the lazy querysets
  a template evaluates are counted here *and* under SQL);
- SQL: time inside the database driver, and the number of queries.

Writes bench/results/profile-<N>.md. In-process and loopback-free: it needs no server and no port.
"""

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "bench" / "results"


def _env(var_dir: Path) -> dict:
    from bench.run import bench_env

    return bench_env(var_dir)


def _prepare(var_dir: Path, employees: int) -> None:
    if (var_dir / "pamong.sqlite3").exists():
        return
    var_dir.mkdir(parents=True, exist_ok=True)
    env = _env(var_dir)
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--employees", str(employees)],
                    ["seed_leave_demo"], ["seed_performance_demo"], ["collectstatic", "--noinput", "-v0"]):
        started = time.monotonic()
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)
        print(f"  {command[0]}: {time.monotonic() - started:.0f} s", file=sys.stderr)


# --- In the profiled process -----------------------------------------------------------------------------------

_SPANS: dict[str, float] = {}


class InnerTimer:
    """The innermost middleware: what it wraps is the view and the rendering of its response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.process_time()
        response = self.get_response(request)
        _SPANS["inner"] = _SPANS.get("inner", 0.0) + time.process_time() - started
        return response


def _instrument() -> None:
    from django.template.backends.django import Template

    original = Template.render
    depth = {"n": 0}

    def render(self, context=None, request=None):
        depth["n"] += 1
        started = time.process_time()
        try:
            return original(self, context, request)
        finally:
            depth["n"] -= 1
            if depth["n"] == 0:
                _SPANS["templates"] = _SPANS.get("templates", 0.0) + time.process_time() - started

    Template.render = render


def _sql_timer(execute, sql, params, many, context):
    started = time.process_time()
    try:
        return execute(sql, params, many, context)
    finally:
        _SPANS["sql"] = _SPANS.get("sql", 0.0) + time.process_time() - started
        _SPANS["queries"] = _SPANS.get("queries", 0) + 1


def _pages() -> list[tuple[str, str, str, dict]]:
    """(label, role, path, headers) of the pages #10 names."""
    from django.urls import NoReverseMatch, reverse

    from pamong.people.models import Employee, Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    count = Employee.objects.filter(pemda=pemda, is_active=True).count()
    profile = Employee.objects.filter(pemda=pemda, is_active=True).order_by("name", "pk")[count // 2]
    pages = [
        ("task inbox (supervisor)", "supervisor", "/", {}),
        ("directory (HR)", "hr_admin", reverse("people:employee-list"), {}),
        ("directory search, htmx (HR)", "hr_admin", reverse("people:employee-list") + "?q=sari",
         {"HTTP_HX_REQUEST": "true"}),
        ("profile (HR)", "hr_admin", reverse("people:employee-detail", args=[profile.public_id]), {}),
        ("leave queue (unit head)", "unit_head", reverse("leave:queue"), {}),
        ("leave queue (supervisor)", "supervisor", reverse("leave:queue"), {}),
        ("performance dashboard (HR)", "hr_admin", reverse("performance:dashboard"), {}),
        ("API employees (HR token)", "hr_admin", "/api/v1/employees", {"token": True}),
        ("API leave applications (HR token)", "hr_admin", "/api/v1/leave/applications", {"token": True}),
    ]
    with contextlib.suppress(NoReverseMatch):
        pages.insert(1, ("cockpit (executive)", "executive", reverse("cockpit:home"), {}))
    return pages


def profile(repeat: int) -> dict:
    import django

    django.setup()
    from django.conf import settings

    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "bench.profile_pages.InnerTimer"]
    _instrument()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from pamong.accounts.services import api_token_create
    from pamong.people.demo import demo_accounts
    from pamong.people.models import Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    users = {role: get_user_model().objects.get(username=name) for role, name in accounts.items()}
    sessions = {role: _session(user) for role, user in users.items()}
    tokens: dict[str, str] = {}
    results = {}
    for label, role, path, headers in _pages():
        client = Client()
        extra = {k: v for k, v in headers.items() if k != "token"}
        if headers.get("token"):
            if role not in tokens:
                tokens[role] = api_token_create(actor=None, user=users[role], name="profile")[1]
            extra["HTTP_AUTHORIZATION"] = f"Bearer {tokens[role]}"
        else:
            client.cookies["sessionid"] = sessions[role]
        client.get(path, **extra)  # warm: caches as a running server holds them
        samples: dict[str, list[float]] = {k: [] for k in ("total", "middleware", "view", "templates", "sql")}
        status, queries = 0, 0
        for _ in range(repeat):
            _SPANS.clear()
            started = time.process_time()
            with connection.execute_wrapper(_sql_timer):
                response = client.get(path, **extra)
            total = time.process_time() - started
            status, queries = response.status_code, int(_SPANS.get("queries", 0))
            inner_span = _SPANS.get("inner", 0.0)
            templates = _SPANS.get("templates", 0.0)
            samples["total"].append(total)
            samples["middleware"].append(total - inner_span)
            samples["view"].append(inner_span - templates)
            samples["templates"].append(templates)
            samples["sql"].append(_SPANS.get("sql", 0.0))
        results[label] = {"status": status, "queries": queries,
                          **{k: statistics.median(v) * 1000 for k, v in samples.items()}}
    return results


def _session(user) -> str:
    from bench.run import session_key_for

    return session_key_for(user)


def markdown(employees: int, results: dict) -> str:
    lines = [f"# Where the time goes, {employees:,} employees (SQLite, production settings, in-process)", "",
             "Medians in ms; SQL time is also inside view or templates (a template may evaluate a queryset).", "",
             "| page | status | queries | total | middleware | view | templates | SQL |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for label, r in results.items():
        lines.append(f"| {label} | {r['status']} | {r['queries']} | {r['total']:.1f} | {r['middleware']:.1f} | "
                     f"{r['view']:.1f} | {r['templates']:.1f} | {r['sql']:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--dir", type=Path, help="Keep (and reuse) the seeded installation here.")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        # Run as the importable module, so the middleware Django loads by name shares this state.
        from bench.profile_pages import profile as profile_in_module

        print(json.dumps(profile_in_module(args.repeat)))
        return
    import tempfile

    var_dir = args.dir or Path(tempfile.mkdtemp(prefix="pamong-profile-"))
    _prepare(var_dir, args.employees)
    done = subprocess.run([PYTHON, __file__, "--inner", "--repeat", str(args.repeat)], cwd=ROOT,  # noqa: S603
                          env={**_env(var_dir), "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(done.stderr[-4000:])
    results = json.loads(done.stdout.strip().splitlines()[-1])
    text = markdown(args.employees, results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"profile-{args.employees}.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
