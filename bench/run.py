"""`make bench`: seed a fresh SQLite database, serve it with gunicorn, and measure.

For N in (2000, 50000) (or --sizes): a temp dir with its own database,
migrate + seed_demo (timed), collectstatic, two gunicorns on 127.0.0.1
(the app with bench.settings, and the bare "ceiling" with no middleware),
then for each page: single-client median/p95 over sequential keep-alive
requests, SQL queries per page (in-process test client), and throughput
with 10 connections for 10 s (wrk, else a threaded Python client) as a
ratio of the ceiling. With --import, also times a 50,000-row-style
re-import (export → change the phone column → dry run + apply).

Leave (unless --no-leave; --only-leave skips the people pages): the
database gets --leave-applications applications (bench/leave_seed.py's
bulk history, then seed_leave_demo, then a top-up), and the run measures
the leave pages (list, queue) like the people pages, a bounded burst of
POST /api/v1/leave/applications from many employees' bearer tokens (with
Idempotency-Key resends), the in-process time and query count of one
submission with 50 and with all the applications (a copy of the database
seeded with only 50), and the yearly roll-over of every employee.
Writes bench/results/latest.md. Everything stops by itself and talks to
127.0.0.1 only.

With --database pg (`make bench-pg`, 2,000 employees unless --sizes): the
production stack instead of SQLite — a scratch PostgreSQL database
(bench_pamong, dropped and recreated; bench/pg.py), gunicorn with 2 x cores
sync workers, Redis as cache and Celery broker, and a Celery worker that does
the work pamong.core.tasks.dispatch hands it (the import's dry run and apply,
a background export of the whole directory, and, dispatched by the bench,
the roll-over, the approval reminders and a batch of account e-mails); the
worker's log is counted per task. Writes bench/results/latest-pg.md.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"
# The stack under test: "sqlite" (embedded, 2 gunicorn workers) or "pg" (set by main()).
STACK = {"database": "sqlite", "workers": 2}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(var_dir: Path, settings: str = "bench.settings", *, small: bool = False) -> dict:
    """The environment of every bench process; *small* selects the copy with few leave applications."""
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": settings,
        "PAMONG_VAR_DIR": str(var_dir),
        "DATABASE_URL": f"sqlite:///{var_dir / 'pamong.sqlite3'}",
        "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48)[:64],
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "False",
        "PAMONG_BEHIND_TLS_PROXY": "False",
        "PAMONG_INLINE_TASKS": "eager",
        "PYTHONPATH": str(ROOT),
    })
    if STACK["database"] == "pg":
        from bench import pg

        env = pg.pg_env(env, small=small)
    return env


def run(cmd: list[str], env: dict) -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def wait_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not start")


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    cmd = [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(STACK["workers"]),
           "--worker-class", "sync", "--timeout", "120", "--log-level", "warning"]
    handle = open(log, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                               start_new_session=True)
    process._bench_log = handle  # type: ignore[attr-defined]
    wait_port(port)
    return process


def stop(process: subprocess.Popen | None) -> None:
    """Stop a server and its workers (its own process group)."""
    from bench.pg import stop_group

    stop_group(process)


# --- Measurements ----------------------------------------------------------------------


def latency(port: int, path: str, headers: dict, count: int = 200) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    samples, status = [], None
    for i in range(count + 5):
        started = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        status = response.status
        if i >= 5:  # warm-up
            samples.append((time.perf_counter() - started) * 1000)
    conn.close()
    samples.sort()
    return {"status": status, "median_ms": statistics.median(samples), "p95_ms": samples[int(len(samples) * 0.95) - 1]}


def have_wrk() -> bool:
    if shutil.which("wrk"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True, check=False, timeout=300)
    return bool(shutil.which("wrk"))


def throughput(port: int, path: str, headers: dict, seconds: int = 10, connections: int = 10) -> float:
    if have_wrk():
        cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
        for name, value in headers.items():
            cmd += ["-H", f"{name}: {value}"]
        out = subprocess.run([*cmd, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                             check=False, timeout=seconds + 60).stdout
        for line in out.splitlines():
            if line.startswith("Requests/sec:"):
                return float(line.split()[1])
        raise RuntimeError(f"wrk output not understood:\n{out}")
    # Fallback: threads with keep-alive connections.
    done = [0] * connections
    deadline = time.monotonic() + seconds

    def worker(slot: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            conn.request("GET", path, headers=headers)
            conn.getresponse().read()
            done[slot] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


# --- In-process work (a child process with Django set up) ---------------------------------


def session_key_for(user) -> str:
    """A signed-in session (second factor verified where the user has one) for *user*; its key, for a cookie."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    session = SessionStore()
    now = int(time.time())
    session.update({
        "_auth_user_id": str(user.pk),
        "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
        "_auth_user_hash": user.get_session_auth_hash(),
        "_pamong_auth_at": now,
        "_pamong_seen_at": now,
        **({"otp_device_id": device.persistent_id} if device else {}),
    })
    session.create()
    return session.session_key


def inner(task: str, n: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from pamong.people.demo import demo_accounts
    from pamong.people.models import Employee, Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    user = get_user_model().objects.get(username=accounts["hr_admin"])

    session_for = session_key_for

    if task == "session":
        from pamong.accounts.services import api_token_create

        _, raw = api_token_create(actor=None, user=user, name="bench")
        profile = Employee.objects.filter(pemda=pemda, is_active=True).order_by("name", "pk")[n // 2]
        print(json.dumps({"session": session_for(user), "token": raw, "profile": str(profile.public_id)}))
    elif task.startswith("leave-"):
        spec = json.loads(sys.stdin.read() or "{}")
        users = {role: get_user_model().objects.get(username=name) for role, name in accounts.items()}
        print(json.dumps(leave_inner(task, spec, users, session_for), default=str))
    elif task == "queries":
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        spec = json.loads(sys.stdin.read())
        client = Client()
        counts = {}
        for label, path, headers in spec["pages"]:
            cookie = headers.get("Cookie", f"sessionid={spec['session']}")
            client.cookies["sessionid"] = cookie.removeprefix("sessionid=")
            extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Cookie"}
            client.get(path, **extra)  # warm caches as a running server would have them
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, **extra)
            counts[label] = {"queries": len(queries), "status": response.status_code}
        print(json.dumps(counts))
    elif task == "import":
        print(json.dumps(time_import(user)))
    elif task == "dispatch":
        print(json.dumps(dispatch_inner(json.loads(sys.stdin.read()))))
    elif task == "export-job":
        print(json.dumps(time_export_job(user)))


def time_export_job(user) -> dict:
    """The whole directory as a background .xlsx export (ExportJob), dispatched as the export view does for
    more than exports.EXPORT_JOB_ROWS rows, timed from dispatch until its status is done."""
    from pamong.core.tasks import dispatch
    from pamong.people import exports
    from pamong.people.models import ExportJob
    from pamong.people.selectors import EmployeeFilters
    from pamong.people.tasks import employees_export_task

    saved, exports.EXPORT_JOB_ROWS = exports.EXPORT_JOB_ROWS, 0  # a job whatever the size
    try:
        _, count, job = exports.employees_export_begin(actor=user, filters=EmployeeFilters(), fmt="xlsx", query={})
    finally:
        exports.EXPORT_JOB_ROWS = saved
    started = time.perf_counter()
    dispatch(employees_export_task, job.pk)
    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        job = ExportJob.objects.get(pk=job.pk)
        if job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            break
        time.sleep(0.1)
    return {"rows": count, "seconds": time.perf_counter() - started, "status": job.status,
            "bytes": job.file.size if job.file else 0}


def dispatch_inner(spec: dict) -> dict:
    """Hand spec["task"] (a dotted path) to pamong.core.tasks.dispatch, as the app does: once with spec["args"],
    or once per item of spec["calls"] (each a list of arguments)."""
    import importlib

    from django.conf import settings

    from pamong.core.tasks import dispatch

    module, name = spec["task"].rsplit(".", 1)
    task = getattr(importlib.import_module(module), name)
    for args in spec.get("calls", [spec.get("args", [])]):
        dispatch(task, *args)
    return {"dispatched_at": time.time(), "broker": bool(settings.CELERY_BROKER_URL)}


def _wait_job(job_id: int, statuses: set[str], timeout: float = 1800):
    """Poll an ImportJob (as the import page does) until it reaches one of *statuses*."""
    from pamong.people.models import ImportJob

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.status in statuses:
            return job
        time.sleep(0.1)
    raise RuntimeError(f"import job {job_id} still {job.status} after {timeout:.0f} s (is the worker running?)")


def time_import(user) -> dict:
    import io

    from openpyxl import Workbook, load_workbook

    from pamong.people import exports, imports
    from pamong.people.selectors import EmployeeFilters

    timings = {}
    started = time.perf_counter()
    employees = exports.export_queryset(actor=user, filters=EmployeeFilters())
    handle = exports.xlsx_file(user, employees)
    timings["export_xlsx_s"] = time.perf_counter() - started
    source = load_workbook(handle, read_only=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pegawai")
    phone = imports.HEADERS.index("TELEPON")
    rows = 0
    for index, row in enumerate(source.worksheets[0].iter_rows(values_only=True)):
        row = list(row)
        if index:
            row[phone] = f"0852{index:08d}"
            rows += 1
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    timings["rows"] = rows
    job = imports.import_job_create(actor=user, name="bench.xlsx", content=buffer.getvalue())
    # With a broker (bench-pg) the dry run and the apply go through dispatch to the Celery worker, as from the
    # import page, and are timed from dispatch until the job's status says done; else they run in-process.
    from django.conf import settings

    from pamong.core.tasks import dispatch
    from pamong.people.tasks import import_apply_task, import_validate_task

    timings["via_worker"] = via_worker = bool(settings.CELERY_BROKER_URL)
    started = time.perf_counter()
    if via_worker:
        dispatch(import_validate_task, job.pk)
        job = _wait_job(job.pk, {"validated", "failed"})
    else:
        job = imports.import_validate(job.pk)
    timings["dry_run_s"] = time.perf_counter() - started
    timings["summary"] = job.summary
    imports.import_apply_start(actor=user, job=job)
    started = time.perf_counter()
    if via_worker:
        dispatch(import_apply_task, job.pk, user.pk)
        job = _wait_job(job.pk, {"applied", "failed", "validated"})  # validated: refused on apply
    else:
        job = imports.import_apply(job.pk, user.pk)
    timings["apply_s"] = time.perf_counter() - started
    timings["status"] = job.status
    timings["error"] = job.error
    return timings


# --- Leave: in-process work ---------------------------------------------------------------------


def leave_inner(task: str, spec: dict, users: dict, session_for) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from bench import leave_seed
    from pamong.core.db import refresh_planner_statistics
    from pamong.leave.models import LeaveApplication

    year = timezone.localdate().year
    if task == "leave-history":
        return leave_seed.history(spec["target"])
    if task == "leave-top-up":
        done = leave_seed.top_up(spec["target"])
        refresh_planner_statistics()
        return done
    if task == "leave-small":
        done = leave_seed.small(spec["count"])
        refresh_planner_statistics()
        return done
    if task == "leave-count":
        return {"applications": LeaveApplication.objects.count()}
    if task == "leave-session":
        return leave_session(users, session_for, spec["burst"], spec["timing"])
    if task == "leave-submit":
        return leave_submit_timing(spec["nips"])
    if task == "leave-rollover":
        from pamong.leave.services import leave_rollover
        from pamong.people.models import Employee

        if spec.get("via_worker"):
            from pamong.core.tasks import dispatch
            from pamong.leave.tasks import leave_rollover_task

            dispatch(leave_rollover_task, year + 1)
            return {"dispatched_at": time.time(), "year": year + 1,
                    "employees": Employee.objects.filter(is_active=True).count()}

        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            lines = leave_rollover(year=year + 1)
        return {"seconds": time.perf_counter() - started, "lines": lines, "queries": len(queries),
                "employees": Employee.objects.filter(is_active=True).count(), "year": year + 1}
    if task == "leave-urls":
        found = {}
        for key, names in spec["names"].items():
            for name in names:
                try:
                    found[key] = reverse(name)
                    break
                except NoReverseMatch:
                    continue
        return found
    raise ValueError(task)


def _free_employees(count: int, *, exclude: set[str]) -> list:
    """Active employees who may take one day of cuti tahunan in the free window and have an approver."""
    from bench import leave_seed
    from pamong.leave import demo, rules
    from pamong.leave.models import LeaveApplication
    from pamong.leave.selectors import is_year_opened
    from pamong.people.models import Employee

    first, last = leave_seed.free_window()
    busy = set(LeaveApplication.objects.filter(start_date__lte=last, end_date__gte=first)
               .values_list("employee_id", flat=True))
    planner = demo.StepPlanner()
    chosen = []
    for employee in (Employee.objects.filter(is_active=True, user__is_active=True)
                     .select_related("current_position", "current_unit", "user").order_by("pk")):
        if (employee.pk in busy or employee.nip in exclude or employee.current_unit is None
                or rules.eligible_from(employee.first_appointment_date, 1) > first
                or is_year_opened(employee.pk, first.year) or not planner.steps(employee)):
            continue
        chosen.append(employee)
        if len(chosen) == count:
            break
    return chosen


def _free_day(index: int):
    """A working day of the free window for the index-th request (spread over the window)."""
    from datetime import timedelta

    from bench import leave_seed
    from pamong.leave.demo import agency_days_off, next_working_day
    from pamong.people.models import Pemda

    global _DAYS_OFF
    if _DAYS_OFF is None:
        _DAYS_OFF = agency_days_off(Pemda.objects.get(name="Pemerintah Kabupaten Mamuju").pk)
    first, last = leave_seed.free_window()
    day = next_working_day(first + timedelta(days=index % ((last - first).days - 7)), _DAYS_OFF)
    return day


_DAYS_OFF = None


def leave_session(users: dict, session_for, burst: int, timing: int) -> dict:
    """Sessions of the demo accounts, an HR token, *burst* employees' tokens with their requests, *timing* NIPs."""
    from pamong.accounts.models import ApiToken, hash_token

    timed = _free_employees(timing, exclude=set())
    bursters = _free_employees(burst, exclude={e.nip for e in timed})
    # Tokens in bulk: api_token_create() audits each one, which only slows the setup.
    raws = [ApiToken.generate() for _ in bursters]
    ApiToken.objects.bulk_create([ApiToken(user=e.user, name="bench burst", key_hash=hash_token(raw), prefix=raw[:8],
                                           scope="write")
                                  for e, raw in zip(bursters, raws, strict=True)])
    hr_raw = ApiToken.generate()
    ApiToken.objects.create(user=users["hr_admin"], name="bench", key_hash=hash_token(hr_raw), prefix=hr_raw[:8],
                            scope="write")
    requests = []
    for index, (employee, raw) in enumerate(zip(bursters, raws, strict=True)):
        day = _free_day(index)
        requests.append({"token": raw, "key": str(uuid.uuid4()), "body": {
            "leave_type": "CT", "start_date": day.isoformat(), "end_date": day.isoformat(),
            "address": "Jl. Yos Sudarso No. 12, Mamuju", "phone": employee.phone, "reason": "Urusan keluarga"}})
    return {
        "sessions": {role: session_for(users[role]) for role in ("hr_admin", "unit_head", "supervisor", "employee")},
        "hr_token": hr_raw, "burst": requests, "timing": [e.nip for e in timed],
    }


def leave_submit_timing(nips: list[str]) -> dict:
    """Median time and query count of leave_application_submit() for each of these employees (one day each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pamong.leave.models import LeaveApplication
    from pamong.leave.services import LeaveInput, leave_application_submit
    from pamong.people.models import Employee

    samples, counts = [], {}
    existing = LeaveApplication.objects.count()
    for index, nip in enumerate(nips):
        employee = Employee.objects.select_related("user").get(nip=nip)
        day = _free_day(index * 3 + 1)
        data = LeaveInput(leave_type="CT", start_date=day, end_date=day, address="Jl. Yos Sudarso No. 12, Mamuju",
                          reason="Urusan keluarga")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            _, created = leave_application_submit(actor=employee.user, employee=employee, data=data,
                                                  idempotency_key=str(uuid.uuid4()))
        samples.append((time.perf_counter() - started) * 1000)
        counts[nip] = len(queries)
        assert created
    samples_sorted = sorted(samples)
    return {"existing": existing, "calls": len(samples), "median_ms": statistics.median(samples),
            "p95_ms": samples_sorted[max(0, int(len(samples) * 0.95) - 1)],
            "queries": sorted(set(counts.values())), "queries_by_nip": counts, "first_ms": samples[0]}


# --- Leave: the burst ------------------------------------------------------------------------------


def post_burst(port: int, requests: list[dict], threads: int = 10) -> dict:
    """Send every request once (10 client threads, keep-alive); statuses, rate, a few error bodies."""
    pending = list(reversed(requests))
    lock = threading.Lock()
    statuses: list[int] = []
    errors: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not pending:
                    break
                item = pending.pop()
            body = json.dumps(item["body"])
            headers = {"Authorization": f"Bearer {item['token']}", "Content-Type": "application/json",
                       "Idempotency-Key": item["key"]}
            try:
                conn.request("POST", "/api/v1/leave/applications", body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status, content = 0, str(exc).encode()
            with lock:
                statuses.append(status)
                if status not in (200, 201) and len(errors) < 5:
                    errors.append(f"{status}: {content[:300]!r}")
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"sent": len(statuses), "created": statuses.count(201), "replayed": statuses.count(200),
            "errors": len([s for s in statuses if s not in (200, 201)]), "seconds": elapsed,
            "per_second": statuses.count(201) / elapsed if elapsed else 0.0, "error_samples": errors}


# --- Orchestration -------------------------------------------------------------------------


def inner_call(task: str, env: dict, spec: dict | None = None, n: int = 0) -> dict:
    proc = subprocess.run([PYTHON, __file__, "--inner", task, "--n", str(n)], cwd=ROOT, env=env,
                          input=json.dumps(spec or {}), capture_output=True, text=True, check=False, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"inner {task} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def sqlite_copy(source: Path, target: Path) -> None:
    import sqlite3

    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


# Where the HR's HTML list of every application would be; measured when one of these exists.
HR_LIST_NAMES = ["leave:manage-applications", "leave:application-manage-list", "leave:applications-all",
                 "leave:hr-applications"]


def expected_demo_applications(employees: int) -> int:
    """About what seed_leave_demo writes for *employees* (its N-1 history and a few hundred through services)."""
    return int(employees * 0.7) + 150


def bench_leave(n: int, env: dict, ceiling_env: dict, small_dir: Path, target: int, duration: int,
                burst: int, worker_log: Path | None = None) -> dict:
    out: dict = {"target": target}
    small_env = bench_env(small_dir, small=True)
    started = time.perf_counter()
    history = inner_call("leave-history", env, {"target": max(0, target - expected_demo_applications(n))}, n)
    out["history_s"], out["history"] = time.perf_counter() - started, history
    started = time.perf_counter()
    run([PYTHON, "manage.py", "seed_leave_demo"], env)
    out["demo_s"] = time.perf_counter() - started
    started = time.perf_counter()
    inner_call("leave-top-up", env, {"target": target}, n)
    out["top_up_s"] = time.perf_counter() - started
    out["applications"] = inner_call("leave-count", env, n=n)["applications"]
    inner_call("leave-small", small_env, {"count": 50}, n)
    spec = inner_call("leave-session", env, {"burst": burst, "timing": 20}, n)
    urls = inner_call("leave-urls", env, {"names": {"home": ["leave:home"], "mine": ["leave:application-list"],
                                                    "queue": ["leave:queue"], "hr_list": HR_LIST_NAMES}}, n)
    # One submission, in-process, with 50 and with all the applications (before the burst adds more).
    out["submit_small"] = inner_call("leave-submit", small_env, {"nips": spec["timing"]}, n)
    out["submit_big"] = inner_call("leave-submit", env, {"nips": spec["timing"]}, n)

    servers: list[subprocess.Popen] = []
    try:
        app_port, ceiling_port = free_port(), free_port()
        servers.append(start_gunicorn(env, app_port, small_dir.parent / "leave-app.log"))
        servers.append(start_gunicorn(ceiling_env, ceiling_port, small_dir.parent / "leave-ceiling.log"))

        def cookie(role: str) -> dict:
            return {"Cookie": f"sessionid={spec['sessions'][role]}"}

        pages = []
        if "hr_list" in urls:
            pages.append((f"HR list GET {urls['hr_list']} (HR)", app_port, urls["hr_list"], cookie("hr_admin")))
        pages += [
            (f"leave list API GET /api/v1/leave/applications (HR: all {out['applications']:,})", app_port,
             "/api/v1/leave/applications", {"Authorization": f"Bearer {spec['hr_token']}"}),
            (f"queue GET {urls['queue']} (unit head)", app_port, urls["queue"], cookie("unit_head")),
            (f"queue GET {urls['queue']} (supervisor)", app_port, urls["queue"], cookie("supervisor")),
            (f"my applications GET {urls['mine']} (employee)", app_port, urls["mine"], cookie("employee")),
            (f"leave home GET {urls['home']} (employee)", app_port, urls["home"], cookie("employee")),
            ("ceiling (no layout/session/auth)", ceiling_port, "/bench/ceiling/", {}),
        ]
        query_spec = {"session": spec["sessions"]["hr_admin"],
                      "pages": [(label, path, headers) for label, port, path, headers in pages if port == app_port]}
        queries = inner_call("queries", {**env}, query_spec, n)
        rows = []
        for label, port, path, headers in pages:
            single = latency(port, path, headers)
            rps = throughput(port, path, headers, seconds=duration)
            rows.append({"page": label, **single, "rps": rps, "queries": queries.get(label, {}).get("queries", "n/a")})
        ceiling_rps = rows[-1]["rps"] or 1
        for row in rows:
            row["ratio"] = row["rps"] / ceiling_rps
        out["pages"] = rows

        before = inner_call("leave-count", env, n=n)["applications"]
        result = post_burst(app_port, spec["burst"])
        after = inner_call("leave-count", env, n=n)["applications"]
        resend = post_burst(app_port, spec["burst"][:25], threads=5)
        after_resend = inner_call("leave-count", env, n=n)["applications"]
        result.update({"rows_added": after - before, "duplicates": (after - before) - result["created"],
                       "resent": resend["sent"], "resend_replayed": resend["replayed"],
                       "resend_errors": resend["errors"], "resend_rows_added": after_resend - after})
        out["burst"] = result
    finally:
        for server in servers:
            stop(server)
    if worker_log is None:
        out["rollover"] = inner_call("leave-rollover", env, n=n)
    else:
        out["rollover"] = via_worker(worker_log, "pamong.leave.tasks.leave_rollover_task",
                                     lambda: inner_call("leave-rollover", env, {"via_worker": True}, n))
        out["rollover"]["lines"] = int(out["rollover"]["result"])
    return out


def via_worker(worker_log: Path, name: str, send) -> dict:
    """Call *send* (which dispatches one *name* task and returns its dispatched_at) and wait for the worker."""
    from bench import pg

    before = pg.finished(worker_log, name)
    sent = send()
    event = pg.wait_done(worker_log, name, before)
    if event["event"] != "succeeded":
        raise RuntimeError(f"{name} {event['event']} in the worker; see {worker_log}")
    return {**sent, "worker_s": event["seconds"], "queue_to_done_s": event["seen_at"] - sent["dispatched_at"],
            "result": event["result"]}


def worker_extras(env: dict, worker_log: Path, n: int, mails: int = 1000) -> dict:
    """Work the app hands to Celery that the pages above do not trigger: a background export of the whole
    directory, the approval reminders and account e-mails."""
    out = {"export": inner_call("export-job", env, n=n)}
    out["reminders"] = via_worker(worker_log, "pamong.leave.tasks.approval_reminders_task",
                                   lambda: inner_call("dispatch", env, {"task": "pamong.leave.tasks."
                                                                        "approval_reminders_task"}, n))
    messages = [["Pamong: bench", "Bench message.", None, [f"pegawai{i}@bench.invalid"]] for i in range(mails)]
    # pamong.accounts.mail._send hands account e-mails over in batches of 500; the bench does the same.
    name = "pamong.accounts.tasks.send_account_mail_task"
    from bench import pg

    before = pg.finished(worker_log, name)
    calls = [[messages[start:start + 500]] for start in range(0, mails, 500)]
    sent = inner_call("dispatch", env, {"task": name, "calls": calls}, n)
    done = [pg.wait_done(worker_log, name, index) for index in range(before, before + len(calls))]
    out["mail"] = {"messages": mails, "batches": len(calls), "worker_s": sum(e["seconds"] or 0 for e in done),
                   "queue_to_done_s": max(e["seen_at"] for e in done) - sent["dispatched_at"]}
    return out


def bench_size(n: int, seed: int, do_import: bool, duration: int, *, people: bool = True,
               leave_applications: int = 0, burst: int = 1000) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"pamong-bench-{n}-"))
    env = bench_env(tmp)
    ceiling_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.ceiling_settings"}
    servers: list[subprocess.Popen] = []
    result: dict = {"n": n}
    use_pg = STACK["database"] == "pg"
    worker, worker_log = None, (tmp / "celery.log" if use_pg else None)
    from bench import pg

    try:
        if use_pg:
            pg.create_database()
            pg.flush_redis()
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        started = time.perf_counter()
        run([PYTHON, "manage.py", "seed_demo", "--employees", str(n), "--seed", str(seed)], env)
        result["seed_s"] = time.perf_counter() - started
        if leave_applications:
            # The same employees with only 50 applications, for the submit timing.
            if use_pg:
                pg.copy_small()
            else:
                sqlite_copy(tmp / "pamong.sqlite3", tmp / "small" / "pamong.sqlite3")
        (tmp / "small").mkdir(exist_ok=True)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        if use_pg:
            worker = pg.start_worker(env, worker_log, concurrency=os.cpu_count() or 2)
        if people:
            result.update(bench_people(n, env, ceiling_env, tmp, servers, do_import, duration))
        if leave_applications:
            result["leave"] = bench_leave(n, env, ceiling_env, tmp / "small", leave_applications, duration, burst,
                                          worker_log)
        if use_pg:
            result["worker_extras"] = worker_extras(env, worker_log, n)
            result["worker"] = pg.worker_counts(worker_log)
    finally:
        for server in servers:
            stop(server)
        stop(worker)
        if use_pg and worker_log is not None and worker_log.exists():
            RESULTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(worker_log, RESULTS / f"celery-worker-{n}.log")
        shutil.rmtree(tmp, ignore_errors=True)
        if use_pg and not KEEP_DB:
            pg.drop_databases()
    return result


KEEP_DB = False  # --keep-db: leave bench_pamong in place after a bench-pg run, to look at it


def bench_people(n: int, env: dict, ceiling_env: dict, tmp: Path, servers: list, do_import: bool,
                 duration: int) -> dict:
    result: dict = {}
    spec = json.loads(run([PYTHON, __file__, "--inner", "session", "--n", str(n)], env))
    app_port, ceiling_port = free_port(), free_port()
    servers.append(start_gunicorn(env, app_port, tmp / "app.log"))
    servers.append(start_gunicorn(ceiling_env, ceiling_port, tmp / "ceiling.log"))
    cookie = {"Cookie": f"sessionid={spec['session']}"}
    pages = [
        ("directory GET /employees/", app_port, "/employees/", cookie),
        ("profile GET /employees/<uuid>/", app_port, f"/employees/{spec['profile']}/", cookie),
        ("API GET /api/v1/employees", app_port, "/api/v1/employees", {"Authorization": f"Bearer {spec['token']}"}),
        ("ceiling (no layout/session/auth)", ceiling_port, "/bench/ceiling/", {}),
    ]
    query_spec = {"session": spec["session"], "pages": [(label, path, headers) for label, port, path, headers in pages
                                                        if port == app_port]}
    queries = inner_call("queries", env, query_spec, n)
    rows = []
    for label, port, path, headers in pages:
        single = latency(port, path, headers)
        rps = throughput(port, path, headers, seconds=duration)
        rows.append({"page": label, **single, "rps": rps, "queries": queries.get(label, {}).get("queries", "n/a")})
    ceiling_rps = rows[-1]["rps"] or 1
    for row in rows:
        row["ratio"] = row["rps"] / ceiling_rps
    result["pages"] = rows
    for server in servers:
        stop(server)
    servers.clear()
    if do_import:
        result["import"] = json.loads(run([PYTHON, __file__, "--inner", "import", "--n", str(n)], env)
                                      .strip().splitlines()[-1])
    return result


def _page_table(rows: list[dict]) -> list[str]:
    lines = ["| page | status | median ms | p95 ms | SQL queries | req/s (10 conn) | × ceiling |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        lines.append(f"| {row['page']} | {row['status']} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
                     f"{row['queries']} | {row['rps']:.0f} | {row['ratio']:.2f} |")
    return lines


def leave_markdown(leave: dict) -> list[str]:
    small, big, burst, rollover = leave["submit_small"], leave["submit_big"], leave["burst"], leave["rollover"]
    history = leave["history"]
    lines = ["", f"### Leave: {leave['applications']:,} applications", "",
             f"Seed: bench history {history['applications']:,} applications in {leave['history_s']:.1f} s, "
             f"seed_leave_demo {leave['demo_s']:.1f} s, top-up {leave['top_up_s']:.1f} s.", ""]
    lines += _page_table(leave["pages"])
    same = small["queries_by_nip"] == big["queries_by_nip"]
    lines += ["", f"Burst: {burst['sent']:,} × POST /api/v1/leave/applications, 10 client threads, each a distinct "
              f"employee's bearer token and day: {burst['created']:,} created in {burst['seconds']:.1f} s = "
              f"**{burst['per_second']:.0f} created/s**; errors {burst['errors']}; rows added {burst['rows_added']:,} "
              f"(duplicates {burst['duplicates']}). Resent {burst['resent']} with the same Idempotency-Key: "
              f"{burst['resend_replayed']} answered 200 with the first application, errors {burst['resend_errors']}, "
              f"rows added {burst['resend_rows_added']}.",
              "",
              f"One submission (in-process leave_application_submit, median of {big['calls']} employees): "
              f"{small['median_ms']:.1f} ms with {small['existing']:,} applications, {big['median_ms']:.1f} ms with "
              f"{big['existing']:,}; SQL queries per submission {small['queries']} vs {big['queries']} "
              f"({'equal for each employee' if same else 'NOT equal'}; the count depends on the employee's "
              f"posts above, not on the applications).",
              "",
              rollover_line(rollover)]
    for sample in burst.get("error_samples", []):
        lines.append(f"- error sample: `{sample}`")
    return lines


def rollover_line(rollover: dict) -> str:
    if "worker_s" in rollover:
        return (f"Roll-over: leave_rollover_task(year={rollover['year']}) through dispatch and the Celery worker for "
                f"{rollover['employees']:,} employees: {rollover['worker_s']:.1f} s in the worker "
                f"({rollover['queue_to_done_s']:.1f} s from dispatch to done), {rollover['lines']:,} ledger lines.")
    return (f"Roll-over: leave_rollover(year={rollover['year']}) for {rollover['employees']:,} employees: "
            f"{rollover['seconds']:.1f} s, {rollover['lines']:,} ledger lines, {rollover['queries']:,} SQL queries.")


def worker_markdown(result: dict) -> list[str]:
    extras = result["worker_extras"]
    lines = ["", "### Background work in the Celery worker", "",
             "Every task the worker logged (received / succeeded / failed, seconds in the worker) — the proof that "
             "work handed to pamong.core.tasks.dispatch reached it:", "",
             "| task | received | succeeded | failed | worker s |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, row in sorted(result["worker"].items()):
        failed = row.get("raised", 0) + row.get("failed", 0)
        lines.append(f"| {name} | {row.get('received', 0)} | {row.get('succeeded', 0)} | {failed} | "
                     f"{row.get('seconds', 0.0):.2f} |")
    reminders, mail, export = extras["reminders"], extras["mail"], extras["export"]
    lines += ["", f"Background export (ExportJob, .xlsx) of all {export['rows']:,} employees: {export['status']} "
              f"{export['seconds']:.1f} s after dispatch ({export['bytes'] / 1e6:.1f} MB).",
              "", f"Approval reminders: {reminders['worker_s']:.2f} s in the worker, {reminders['result']} reminded "
              f"({reminders['queue_to_done_s']:.2f} s from dispatch to done). Account e-mails: {mail['messages']:,} "
              f"messages in {mail['batches']} batches of 500 (dummy e-mail backend): {mail['worker_s']:.2f} s in the "
              f"worker, all done {mail['queue_to_done_s']:.2f} s after the dispatch."]
    return lines


def markdown(results: list[dict], tool: str) -> str:
    if STACK["database"] == "pg":
        stack = (f"PostgreSQL (127.0.0.1), gunicorn {STACK['workers']} sync workers (2 × cores), Redis cache and "
                 f"Celery broker, a Celery worker ({os.cpu_count()} processes)")
    else:
        stack = f"SQLite, gunicorn {STACK['workers']} sync workers"
    lines = [f"# Pamong bench — {time.strftime('%Y-%m-%d %H:%M')}", "",
             f"{stack} on {os.cpu_count()} CPUs, production settings over plain HTTP; "
             f"throughput: 10 connections via {tool}; latency: 200 sequential keep-alive requests.", ""]
    for result in results:
        lines += [f"## N = {result['n']:,} employees", "", f"Seed: {result['seed_s']:.1f} s", ""]
        if "pages" in result:
            lines += _page_table(result["pages"])
        if "import" in result:
            imp = result["import"]
            where = " (dry run and apply through dispatch and the Celery worker)" if imp.get("via_worker") else ""
            lines += ["", f"Import of {imp['rows']:,} rows (.xlsx, phone changed){where}: "
                      f"export {imp['export_xlsx_s']:.1f} s, "
                      f"dry run {imp['dry_run_s']:.1f} s, apply {imp['apply_s']:.1f} s "
                      f"(total {imp['dry_run_s'] + imp['apply_s']:.1f} s; {imp['status']}; {imp['summary']})"]
        if "leave" in result:
            lines += leave_markdown(result["leave"])
        if "worker" in result:
            lines += worker_markdown(result)
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "pg"), default="sqlite",
                        help="pg: PostgreSQL, Redis and a Celery worker on 127.0.0.1 (make bench-pg).")
    parser.add_argument("--sizes", help="Employee counts (default 2000,50000; 2000 with --database pg).")
    parser.add_argument("--keep-db", action="store_true", help="pg: keep bench_pamong after the run.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--leave-applications", type=int, default=50000,
                        help="Leave applications in the database for the leave measurements (0: no leave part).")
    parser.add_argument("--leave-burst", type=int, default=1000, help="POSTs in the submission burst.")
    parser.add_argument("--only-leave", action="store_true", help="Skip the people pages and the import.")
    parser.add_argument("--inner")
    parser.add_argument("--n", type=int, default=0)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner, args.n)
        return
    global KEEP_DB
    KEEP_DB = args.keep_db
    STACK["database"] = args.database
    if args.database == "pg":
        STACK["workers"] = 2 * (os.cpu_count() or 1)
    sizes = args.sizes or ("2000" if args.database == "pg" else "2000,50000")
    results = []
    for n in (int(s) for s in sizes.split(",")):
        print(f"N={n}: seeding and measuring…", flush=True)
        results.append(bench_size(n, args.seed, do_import=not args.no_import and not args.only_leave,
                                  duration=args.duration, people=not args.only_leave,
                                  leave_applications=args.leave_applications, burst=args.leave_burst))
    report = markdown(results, "wrk" if shutil.which("wrk") else "a threaded Python client")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / ("latest-pg.md" if args.database == "pg" else "latest.md")).write_text(report)
    print(report)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
