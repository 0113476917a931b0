"""Issue #11's page targets at scale (part of `make bench`): the agency gap map and the JP recap.

At N employees (default 50,000; SQLite, production settings): migrate, seed_demo and seed_development_demo (which
writes default standards for every position and assessed levels for 60 % of the employees), then two verified JP
ledger entries for every employee (bulk), then gunicorn (2 sync workers) on 127.0.0.1. For each page: single-client
median and p95 over sequential keep-alive requests and the SQL queries per page (in-process, after a warm-up).
Target (issue #11): p95 < 100 ms single client, the same query count at every size (the tests assert it).
Writes bench/results/development-N.md.

    .venv/bin/python bench/development_bench.py [--employees 50000] [--keep DIR]
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

P95_TARGET_MS = 100.0


def inner_call(task: str, env: dict) -> dict:
    proc = subprocess.run([PYTHON, __file__, "--inner", task], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"inner {task} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def inner_ledger() -> dict:
    """Two verified ledger entries (this year) for every active employee: what the recap sums."""
    import random
    from datetime import date

    from django.db import transaction
    from django.utils import timezone

    from pamong.development.choices import ActivityForm, LearningSource
    from pamong.development.models import LearningRecord
    from pamong.development.rules import jp_for
    from pamong.people.models import Employee

    rng = random.Random(11)  # noqa: S311 - reproducible bench data
    year = timezone.localdate().year
    rows = []
    for employee_id, pemda_id in Employee.objects.filter(is_active=True).values_list("pk", "pemda_id").iterator():
        for month in (rng.randint(1, 6), rng.randint(7, 11)):
            minutes = rng.choice((90, 180, 360, 720))
            rows.append(LearningRecord(pemda_id=pemda_id, employee_id=employee_id, source=LearningSource.EXTERNAL,
                                       title="Webinar (bench)", form=ActivityForm.SEMINAR,
                                       completed_on=date(year, month, 10), year=year, minutes=minutes,
                                       jp=jp_for(minutes=minutes, certificate_jp=None), verified=True))
    with transaction.atomic():
        LearningRecord.objects.bulk_create(rows, batch_size=5000)
    return {"records": len(rows)}


def inner_setup() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.run import session_key_for
    from pamong.people.demo import demo_accounts
    from pamong.people.models import Employee, Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    users = get_user_model().objects
    people = {role: users.get(username=accounts[role]) for role in ("hr_admin", "unit_head", "employee")}
    sessions = {role: session_key_for(user) for role, user in people.items()}
    pages = [
        ("gap map, agency (HR)", "hr_admin", reverse("development:gap-map")),
        ("gap map, unit head's OPD", "unit_head", reverse("development:gap-map")),
        ("JP recap, agency (HR)", "hr_admin", reverse("development:jp-recap")),
        ("JP recap, unit head's OPD", "unit_head", reverse("development:jp-recap")),
        ("development home (teacher)", "employee", reverse("development:home")),
        ("My JP (teacher)", "employee", reverse("development:jp-mine")),
    ]
    queries = {}
    for label, role, path in pages:
        client = Client()
        client.cookies["sessionid"] = sessions[role]
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        queries[label] = {"queries": len(captured), "status": status}
    return {"sessions": sessions, "pages": pages, "queries": queries,
            "employees": Employee.objects.filter(pemda=pemda, is_active=True).count()}


def inner(task: str) -> None:
    import django

    django.setup()
    print(json.dumps({"setup": inner_setup, "ledger": inner_ledger}[task](), default=str))


def seed(tmp: Path, env: dict, employees: int) -> dict:
    seconds: dict = {}
    marker = tmp / "seeded-development.json"
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    if marker.exists():
        return json.loads(marker.read_text())
    for label, cmd in (("seed_demo", ["seed_demo", "--employees", str(employees)]),
                       ("seed_development_demo", ["seed_development_demo"])):
        started = time.perf_counter()
        run([PYTHON, "manage.py", *cmd], env)
        seconds[label] = time.perf_counter() - started
        print(f"  {label}: {seconds[label]:.0f} s", file=sys.stderr, flush=True)
    started = time.perf_counter()
    seconds["ledger_records"] = inner_call("ledger", env)["records"]
    seconds["ledger_s"] = time.perf_counter() - started
    run([PYTHON, "manage.py", "shell", "-c", "from pamong.core.db import refresh_planner_statistics as r; r()"], env)
    marker.write_text(json.dumps(seconds))
    return seconds


def bench(employees: int, keep: Path | None) -> dict:
    tmp = keep / str(employees) if keep else Path(tempfile.mkdtemp(prefix=f"pamong-development-{employees}-"))
    tmp.mkdir(parents=True, exist_ok=True)
    env = bench_env(tmp)
    result: dict = {"employees": employees}
    server = None
    try:
        result["seeding"] = seed(tmp, env, employees)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        setup = inner_call("setup", env)
        result["active_employees"] = setup["employees"]
        port = free_port()
        server = start_gunicorn(env, port, tmp / "app.log")
        rows = []
        for label, role, path in setup["pages"]:
            single = latency(port, path, {"Cookie": f"sessionid={setup['sessions'][role]}"}, count=100)
            rows.append({"page": label, **single, **setup["queries"][label],
                         "met": single["p95_ms"] < P95_TARGET_MS})
        result["pages"] = rows
    finally:
        stop(server)
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def markdown(result: dict) -> str:
    seeding = result["seeding"]
    lines = [f"# Issue #11 pages at {result['employees']:,} employees", "",
             f"SQLite, production settings, gunicorn with 2 sync workers on 127.0.0.1; single client, 100 sequential "
             f"keep-alive requests after warm-up. Seeded: seed_demo {seeding.get('seed_demo', 0):.0f} s, the "
             f"development demo {seeding.get('seed_development_demo', 0):.0f} s, "
             f"{seeding.get('ledger_records', 0):,} JP ledger entries.", "",
             "| page | status | SQL queries | median ms | p95 ms | met (p95 < 100 ms) |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for r in result["pages"]:
        lines.append(f"| {r['page']} | {r['status']} | {r['queries']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                     f"{'yes' if r['met'] else 'no'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=50000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the seeded database under this folder")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner)
        return
    result = bench(args.employees, args.keep)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    (RESULTS / f"development-{args.employees}.md").write_text(text)
    (RESULTS / f"development-{args.employees}.json").write_text(json.dumps(result, indent=1, default=str))
    print(text)


if __name__ == "__main__":
    main()
