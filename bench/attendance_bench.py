"""Issue #12's absence pages at scale: the unit month grid and the agency absence summary (and the recap).

At N employees (default 2,000; SQLite, production settings): migrate, seed_demo, seed_attendance_demo (the last full
month of punches for everyone, derived and verified), then the months of this year before it as verified days
written in bulk (about 1.5 % unexcused, so the agency summary lists a few hundred employees), then gunicorn (2 sync
workers) on 127.0.0.1. For each page: single-client median and p95 over sequential keep-alive requests and the SQL
queries per page (in-process, after a warm-up). Target: p95 < 100 ms single client, the same query count at every
size (the tests assert it). Writes bench/results/attendance-N.md.

    .venv/bin/python bench/attendance_bench.py [--employees 2000] [--keep DIR]
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


def inner_year() -> dict:
    """Verified days for every active employee from 1 January to the demo month: what the summaries read. Written a
    day at a time with one INSERT per day (executemany), so 50,000 employees × 300 days (15 million rows) stream in
    constant memory."""
    import random
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from pamong.attendance.choices import DayStatus
    from pamong.attendance.demo import last_full_month
    from pamong.attendance.models import AttendanceDay
    from pamong.people.models import Employee

    rng = random.Random(12)  # noqa: S311 - reproducible bench data
    today = timezone.localdate()
    demo_start, _end = last_full_month(today)
    start = demo_start.replace(month=1, day=1)
    people = list(Employee.objects.filter(is_active=True).order_by("pk")
                  .values_list("pk", "pemda_id", "current_unit_id"))
    ops = connection.ops
    meta = AttendanceDay._meta
    columns = ["pemda_id", "employee_id", "org_unit_id", "date", "status", "working_day", "punches",
               "late_minutes", "early_minutes", "manual", "verified", "updated_at"]
    sql = (f"INSERT INTO {ops.quote_name(meta.db_table)} ({', '.join(ops.quote_name(c) for c in columns)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING")
    updated_at = ops.adapt_datetimefield_value(timezone.now())
    written = 0
    day = start
    while day < demo_start:
        weekend = day.weekday() >= 5
        stamp = ops.adapt_datefield_value(day)
        rows = []
        for employee_id, pemda_id, unit_id in people:
            if weekend:
                status = DayStatus.OFF
            else:
                roll = rng.random()
                status = (DayStatus.UNEXCUSED if roll < 0.015 else DayStatus.LEAVE if roll < 0.04
                          else DayStatus.PRESENT)
            present = status == DayStatus.PRESENT
            rows.append((pemda_id, employee_id, unit_id, stamp, str(status), not weekend, 2 if present else 0,
                         rng.choice((0, 0, 0, 0, 5, 20)) if present else 0, 0, False, True, updated_at))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        written += len(rows)
        day += timedelta(days=1)
    return {"days": written}


def inner_setup() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from bench.run import session_key_for
    from pamong.attendance.demo import last_full_month
    from pamong.people.demo import demo_accounts
    from pamong.people.models import Employee, Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    users = get_user_model().objects
    people = {role: users.get(username=accounts[role]) for role in ("hr_admin", "unit_head", "employee")}
    sessions = {role: session_key_for(user) for role, user in people.items()}
    month = last_full_month(timezone.localdate())[0].strftime("%Y-%m")
    year = month[:4]
    pages = []
    try:
        grid = reverse("attendance:unit-month")
        pages += [("unit month grid (unit head)", "unit_head", f"{grid}?month={month}"),
                  ("unit month grid (HR)", "hr_admin", f"{grid}?month={month}")]
    except NoReverseMatch:
        pass
    pages += [
        ("agency absence summary (HR)", "hr_admin", f"{reverse('attendance:absence-summary')}?year={year}"),
        ("agency absence summary, page 5 (HR)", "hr_admin",
         f"{reverse('attendance:absence-summary')}?year={year}&page=5"),
        ("recap, agency (HR)", "hr_admin", f"{reverse('attendance:recap')}?month={month}"),
        ("attendance home (teacher)", "employee", reverse("attendance:home")),
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
    print(json.dumps({"setup": inner_setup, "year": inner_year}[task](), default=str))


def seed(tmp: Path, env: dict, employees: int) -> dict:
    seconds: dict = {}
    marker = tmp / "seeded-attendance.json"
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    if marker.exists():
        return json.loads(marker.read_text())
    for label, cmd in (("seed_demo", ["seed_demo", "--employees", str(employees)]),
                       ("seed_attendance_demo", ["seed_attendance_demo"])):
        started = time.perf_counter()
        run([PYTHON, "manage.py", *cmd], env)
        seconds[label] = time.perf_counter() - started
        print(f"  {label}: {seconds[label]:.0f} s", file=sys.stderr, flush=True)
    started = time.perf_counter()
    seconds["year_days"] = inner_call("year", env)["days"]
    seconds["year_s"] = time.perf_counter() - started
    # Written in bulk outside the services: rebuild the tallies the agency pages read, as an operator would.
    started = time.perf_counter()
    run([PYTHON, "manage.py", "attendance_tallies"], env)
    seconds["tallies_s"] = time.perf_counter() - started
    run([PYTHON, "manage.py", "shell", "-c", "from pamong.core.db import refresh_planner_statistics as r; r()"], env)
    marker.write_text(json.dumps(seconds))
    return seconds


def bench(employees: int, keep: Path | None) -> dict:
    tmp = keep / str(employees) if keep else Path(tempfile.mkdtemp(prefix=f"pamong-attendance-{employees}-"))
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
    lines = [f"# Issue #12 absence pages at {result['employees']:,} employees", "",
             f"SQLite, production settings, gunicorn with 2 sync workers on 127.0.0.1; single client, 100 sequential "
             f"keep-alive requests after warm-up. Seeded: seed_demo {seeding.get('seed_demo', 0):.0f} s, the "
             f"attendance demo {seeding.get('seed_attendance_demo', 0):.0f} s, {seeding.get('year_days', 0):,} "
             f"verified days of the year in {seeding.get('year_s', 0):.0f} s (their tallies rebuilt in "
             f"{seeding.get('tallies_s', 0):.0f} s by manage.py attendance_tallies).", "",
             "| page | status | SQL queries | median ms | p95 ms | met (p95 < 100 ms) |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for r in result["pages"]:
        lines.append(f"| {r['page']} | {r['status']} | {r['queries']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                     f"{'yes' if r['met'] else 'no'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the seeded database under this folder")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner)
        return
    result = bench(args.employees, args.keep)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    (RESULTS / f"attendance-{args.employees}.md").write_text(text)
    (RESULTS / f"attendance-{args.employees}.json").write_text(json.dumps(result, indent=1, default=str))
    print(text)


if __name__ == "__main__":
    main()
