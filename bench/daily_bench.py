"""The daily pages at scale: 'Tugas saya' (the task inbox at /) and the cockpit (/cockpit/).

For each N in --sizes (default 2,000 and 50,000): a temporary SQLite database,
migrate, seed_demo --employees N, seed_leave_demo and seed_performance_demo
(each timed), served by gunicorn on 127.0.0.1 (bench/run.py's helpers). Three
signed-in personas: the supervisor with the most approval steps waiting, the
HR admin and the executive of the demo agency. For each persona and page:
single-client median and p95 over sequential keep-alive requests, and the SQL
queries of one request (in-process test client, after a warm-up request). The
cockpit is recorded as "not available" when it answers 404 (not built yet).
Writes bench/results/daily.md. Talks to 127.0.0.1 only; stops what it starts.

    .venv/bin/python bench/daily_bench.py [--sizes 2000,50000] [--requests 100]
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

from bench.run import PYTHON, RESULTS, ROOT, bench_env, free_port, latency, run, start_gunicorn, stop  # noqa: E402

PAGES = [("task inbox GET /", "/"), ("cockpit GET /cockpit/", "/cockpit/")]
PERSONAS = ("supervisor", "hr_admin", "executive")
TARGET_P95_MS = 100


def inner_call(task: str, env: dict, spec: dict | None = None) -> dict:
    proc = subprocess.run([PYTHON, __file__, "--inner", task], cwd=ROOT, env=env, input=json.dumps(spec or {}),
                          capture_output=True, text=True, check=False, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"inner {task} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- In-process work (a child process with Django set up) ---------------------------------


def _session_for(user) -> str:
    from bench.run import session_key_for

    return session_key_for(user)


def inner_sessions() -> dict:
    """Sessions for the three personas, and what each has waiting (task counts per source)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from pamong.approvals.choices import StepState
    from pamong.approvals.models import ApprovalStep
    from pamong.people.demo import demo_accounts
    from pamong.people.inbox import task_counts
    from pamong.people.models import Employee, Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    users = get_user_model().objects
    busiest = (ApprovalStep.objects.filter(state=StepState.ACTIVE, approver__user__isnull=False,
                                           approver__user__is_active=True)
               .values("approver_id").annotate(n=Count("pk")).order_by("-n", "approver_id").first())
    supervisor = (Employee.objects.get(pk=busiest["approver_id"]).user if busiest
                  else users.get(username=accounts["supervisor"]))
    personas = {"supervisor": supervisor, "hr_admin": users.get(username=accounts["hr_admin"]),
                "executive": users.get(username=accounts["executive"])}
    found = {}
    for role, user in personas.items():
        found[role] = {"session": _session_for(user), "username": user.username,
                       "tasks": task_counts(users.get(pk=user.pk))}
    found["employees"] = Employee.objects.filter(is_active=True).count()
    found["steps_active"] = ApprovalStep.objects.filter(state=StepState.ACTIVE).count()
    return found


def inner_queries(spec: dict) -> dict:
    """SQL queries of one request per (persona, page), after a warm-up request as a running server would have."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for role, session in spec["sessions"].items():
        client = Client()
        client.cookies["sessionid"] = session
        for label, path in PAGES:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            counts[f"{role} {label}"] = {"queries": len(queries), "status": response.status_code}
    return counts


def inner(task: str) -> None:
    import django

    django.setup()
    spec = json.loads(sys.stdin.read() or "{}")
    result = {"sessions": inner_sessions, "queries": lambda: inner_queries(spec)}[task]()
    print(json.dumps(result, default=str))


# --- One size -------------------------------------------------------------------------------


def bench_size(n: int, seed: int, requests: int, keep: Path | None = None) -> dict:
    """Seed (or, with *keep*, reuse the database seeded there before), serve and measure one size."""
    tmp = keep / str(n) if keep else Path(tempfile.mkdtemp(prefix=f"pamong-daily-{n}-"))
    tmp.mkdir(parents=True, exist_ok=True)
    env = bench_env(tmp)
    server = None
    result: dict = {"n": n, "seconds": {}}
    seeded = tmp / "seeded.json"
    try:
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        if seeded.exists():
            result["seconds"] = json.loads(seeded.read_text())
        for label, cmd in () if seeded.exists() else (
            ("seed_demo", ["seed_demo", "--employees", str(n), "--seed", str(seed)]),
            ("seed_leave_demo", ["seed_leave_demo", "--seed", str(seed)]),
            ("seed_performance_demo", ["seed_performance_demo", "--seed", str(seed)]),
        ):
            started = time.perf_counter()
            run([PYTHON, "manage.py", *cmd], env)
            result["seconds"][label] = time.perf_counter() - started
            print(f"  {label}: {result['seconds'][label]:.1f} s", flush=True)
        if keep:
            seeded.write_text(json.dumps(result["seconds"]))
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        personas = inner_call("sessions", env)
        result["employees"] = personas.pop("employees")
        result["steps_active"] = personas.pop("steps_active")
        result["personas"] = personas
        queries = inner_call("queries", env, {"sessions": {role: p["session"] for role, p in personas.items()}})
        port = free_port()
        server = start_gunicorn(env, port, tmp / "app.log")
        rows = []
        for role in PERSONAS:
            cookie = {"Cookie": f"sessionid={personas[role]['session']}"}
            for label, path in PAGES:
                key = f"{role} {label}"
                measured = latency(port, path, cookie, count=requests)
                available = measured["status"] != 404
                rows.append({"persona": role, "page": label, "available": available, **measured,
                             "queries": queries.get(key, {}).get("queries", "n/a")})
        result["pages"] = rows
    finally:
        stop(server)
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def markdown(results: list[dict], requests: int) -> str:
    lines = ["# Daily pages: 'Tugas saya' and the cockpit", "",
             f"`bench/daily_bench.py`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; SQLite, gunicorn "
             f"2 sync workers on 127.0.0.1, single client, {requests} sequential keep-alive requests after 5 warm-up "
             f"requests; SQL queries of one request (in-process, after a warm-up). Target: p95 < {TARGET_P95_MS} ms "
             "and the same query count at every size.", ""]
    for result in results:
        s = result["seconds"]
        lines += [f"## {result['employees']:,} active employees (seed_demo --employees {result['n']:,})", "",
                  f"Seed: seed_demo {s['seed_demo']:.1f} s, seed_leave_demo {s['seed_leave_demo']:.1f} s, "
                  f"seed_performance_demo {s['seed_performance_demo']:.1f} s; {result['steps_active']:,} approval "
                  "steps waiting.", ""]
        for role, persona in result["personas"].items():
            tasks = ", ".join(f"{name} {count}" for name, count in persona["tasks"].items())
            lines.append(f"- {role} (`{persona['username']}`): {tasks}")
        lines += ["", "| persona | page | status | median ms | p95 ms | SQL queries |",
                  "| --- | --- | --- | ---: | ---: | ---: |"]
        for row in result["pages"]:
            if not row["available"]:
                lines.append(f"| {row['persona']} | {row['page']} | not available (404) | – | – | – |")
                continue
            lines.append(f"| {row['persona']} | {row['page']} | {row['status']} | {row['median_ms']:.1f} | "
                         f"{row['p95_ms']:.1f} | {row['queries']} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2000,50000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="keep the seeded databases under this folder and reuse them")
    parser.add_argument("--inner")
    args = parser.parse_args()
    if args.inner:
        inner(args.inner)
        return
    results = []
    for n in [int(size) for size in args.sizes.split(",") if size.strip()]:
        print(f"N={n}: seeding and measuring…", flush=True)
        results.append(bench_size(n, args.seed, args.requests, args.keep))
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "daily.md").write_text(markdown(results, args.requests))
    print((RESULTS / "daily.md").read_text())


if __name__ == "__main__":
    main()
