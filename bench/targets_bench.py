"""Issue #10's page targets, side by side with the bare ceiling in one run (part of `make bench`).

At N employees (default 50,000; SQLite, production settings): migrate, seed_demo, seed_leave_demo and
seed_performance_demo (or reuse a database seeded before under --keep), then two gunicorn servers on 127.0.0.1 with
2 sync workers each: Pamong, and the bare Django view of bench/ceiling_settings.py (no session, no auth, no
layout: the ceiling of the stack on this machine). For each page: single-client median and p95 over sequential
keep-alive requests, throughput with wrk (10 connections, --seconds each), and that throughput over the ceiling's
(the ceiling measured before and after the pages; their mean is the reference). Writes bench/results/targets-N.md.

Targets (issue #10): directory, profile, leave queue, task inbox, performance dashboard >= 0.30 of the ceiling;
API lists >= 0.40; single-client p95 < 30 ms for each.

    .venv/bin/python bench/targets_bench.py [--employees 50000] [--seconds 10] [--keep DIR]
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import PYTHON, RESULTS, ROOT, bench_env, free_port, latency, run, start_gunicorn, stop, throughput  # noqa: E402

PAGE_TARGET, API_TARGET, P95_TARGET_MS = 0.30, 0.40, 30.0


def inner_call(task: str, env: dict) -> dict:
    proc = subprocess.run([PYTHON, __file__, "--inner", task], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"inner {task} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- In the seeded installation -------------------------------------------------------------------------------


def inner_setup() -> dict:
    """Sessions and a token for the personas, the pages' paths, and each page's SQL queries (after a warm-up)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.run import session_key_for
    from pamong.accounts.services import api_token_create
    from pamong.approvals.choices import StepState
    from pamong.approvals.models import ApprovalStep
    from pamong.people.demo import demo_accounts
    from pamong.people.models import Employee, Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    users = get_user_model().objects
    busiest = (ApprovalStep.objects.filter(state=StepState.ACTIVE, approver__user__isnull=False,
                                           approver__user__is_active=True)
               .values("approver_id").annotate(n=Count("pk")).order_by("-n", "approver_id").first())
    approver = Employee.objects.get(pk=busiest["approver_id"]).user if busiest else users.get(
        username=accounts["supervisor"])
    people = {"hr_admin": users.get(username=accounts["hr_admin"]), "unit_head": users.get(username=accounts["unit_head"]),
              "supervisor": users.get(username=accounts["supervisor"]), "approver": approver}
    sessions = {role: session_key_for(user) for role, user in people.items()}
    token = api_token_create(actor=None, user=people["hr_admin"], name="targets bench")[1]
    active = Employee.objects.filter(pemda=pemda, is_active=True).order_by("name", "pk")
    profile = active[active.count() // 2]
    pages = [
        ("directory /employees/ (HR)", "page", "hr_admin", reverse("people:employee-list")),
        ("profile /employees/<id>/ (HR)", "page", "hr_admin", reverse("people:employee-detail", args=[profile.public_id])),
        ("leave queue /leave/queue/ (unit head)", "page", "unit_head", reverse("leave:queue")),
        ("leave queue /leave/queue/ (supervisor)", "page", "supervisor", reverse("leave:queue")),
        ("task inbox / (busiest approver)", "page", "approver", "/"),
        ("performance dashboard (HR)", "page", "hr_admin", reverse("performance:dashboard")),
        ("performance dashboard (unit head)", "page", "unit_head", reverse("performance:dashboard")),
        ("GET /api/v1/employees (HR token)", "api", "hr_admin", "/api/v1/employees"),
        ("GET /api/v1/leave/applications (HR token)", "api", "hr_admin", "/api/v1/leave/applications"),
    ]
    queries = {}
    for label, kind, role, path in pages:
        client = Client()
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if kind == "api" else {}
        if kind != "api":
            client.cookies["sessionid"] = sessions[role]
        client.get(path, **extra)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path, **extra).status_code
        queries[label] = {"queries": len(captured), "status": status}
    return {"sessions": sessions, "token": token, "pages": pages, "queries": queries,
            "employees": active.count()}


def inner(task: str) -> None:
    import django

    django.setup()
    print(json.dumps({"setup": inner_setup}[task](), default=str))


# --- The run ---------------------------------------------------------------------------------------------------


def seed(tmp: Path, env: dict, employees: int) -> dict:
    seconds: dict = {}
    marker = tmp / "seeded.json"
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    if marker.exists():
        return json.loads(marker.read_text())
    for label, cmd in (("seed_demo", ["seed_demo", "--employees", str(employees)]),
                       ("seed_leave_demo", ["seed_leave_demo"]), ("seed_performance_demo", ["seed_performance_demo"])):
        started = time.perf_counter()
        run([PYTHON, "manage.py", *cmd], env)
        seconds[label] = time.perf_counter() - started
        print(f"  {label}: {seconds[label]:.0f} s", file=sys.stderr, flush=True)
    marker.write_text(json.dumps(seconds))
    return seconds


def bench(employees: int, seconds: int, keep: Path | None) -> dict:
    tmp = keep / str(employees) if keep else Path(tempfile.mkdtemp(prefix=f"pamong-targets-{employees}-"))
    tmp.mkdir(parents=True, exist_ok=True)
    env, ceiling_env = bench_env(tmp), bench_env(tmp, "bench.ceiling_settings")
    result: dict = {"employees": employees, "seconds": seconds}
    servers: list = []
    try:
        result["seeding_s"] = seed(tmp, env, employees)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        setup = inner_call("setup", env)
        result["active_employees"] = setup["employees"]
        app, ceiling = free_port(), free_port()
        servers.append(start_gunicorn(env, app, tmp / "app.log"))
        servers.append(start_gunicorn(ceiling_env, ceiling, tmp / "ceiling.log"))
        throughput(ceiling, "/bench/ceiling/", {}, seconds=2)  # warm-up: both servers' workers loaded
        ceiling_rps = [throughput(ceiling, "/bench/ceiling/", {}, seconds=seconds)]
        ceiling_single = latency(ceiling, "/bench/ceiling/", {})
        rows = []
        for label, kind, role, path in setup["pages"]:
            headers = ({"Authorization": f"Bearer {setup['token']}"} if kind == "api"
                       else {"Cookie": f"sessionid={setup['sessions'][role]}"})
            single = latency(app, path, headers)
            rows.append({"page": label, "kind": kind, **single, "rps": throughput(app, path, headers, seconds=seconds),
                         **setup["queries"][label]})
        ceiling_rps.append(throughput(ceiling, "/bench/ceiling/", {}, seconds=seconds))
        reference = sum(ceiling_rps) / len(ceiling_rps) or 1
        for row in rows:
            row["ratio"] = row["rps"] / reference
            target = API_TARGET if row["kind"] == "api" else PAGE_TARGET
            row["target"] = target
            row["met"] = row["ratio"] >= target and row["p95_ms"] < P95_TARGET_MS
        result.update({"ceiling_rps": ceiling_rps, "ceiling": ceiling_single, "pages": rows})
    finally:
        for server in servers:
            stop(server)
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def markdown(result: dict) -> str:
    c = result["ceiling"]
    lines = [f"# Issue #10 page targets at {result['employees']:,} employees", "",
             f"SQLite, production settings, gunicorn with 2 sync workers on 127.0.0.1; wrk with 10 connections for "
             f"{result['seconds']} s; single client: 200 sequential keep-alive requests. Bare ceiling: "
             f"{' / '.join(f'{r:.0f}' for r in result['ceiling_rps'])} req/s (before / after the pages), "
             f"median {c['median_ms']:.1f} ms, p95 {c['p95_ms']:.1f} ms.", "",
             "| page | status | SQL queries | median ms | p95 ms | req/s | × ceiling | target | met |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in result["pages"]:
        lines.append(f"| {r['page']} | {r['status']} | {r['queries']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                     f"{r['rps']:.0f} | {r['ratio']:.2f} | ≥ {r['target']:.2f}, p95 < {P95_TARGET_MS:.0f} ms | "
                     f"{'yes' if r['met'] else 'no'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=50000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the seeded database under this folder")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner)
        return
    result = bench(args.employees, args.seconds, args.keep)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    (RESULTS / f"targets-{args.employees}.md").write_text(text)
    (RESULTS / f"targets-{args.employees}.json").write_text(json.dumps(result, indent=1, default=str))
    print(text)


if __name__ == "__main__":
    main()
