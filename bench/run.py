"""`make bench`: seed a fresh SQLite database, serve it with gunicorn, and measure.

For N in (2000, 50000) (or --sizes): a temp dir with its own database,
migrate + seed_demo (timed), collectstatic, two gunicorns on 127.0.0.1
(the app with bench.settings, and the bare "ceiling" with no middleware),
then for each page: single-client median/p95 over sequential keep-alive
requests, SQL queries per page (in-process test client), and throughput
with 10 connections for 10 s (wrk, else a threaded Python client) as a
ratio of the ceiling. With --import, also times a 50,000-row-style
re-import (export → change the phone column → dry run + apply).
Writes bench/results/latest.md. Everything stops by itself.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(var_dir: Path, settings: str = "bench.settings") -> dict:
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
    cmd = [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
           "--worker-class", "sync", "--timeout", "120", "--log-level", "warning"]
    handle = open(log, "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    process._bench_log = handle  # type: ignore[attr-defined]
    wait_port(port)
    return process


def stop(process: subprocess.Popen | None) -> None:
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log = getattr(process, "_bench_log", None)
    if log:
        log.close()


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


def inner(task: str, n: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pamong.people.demo import demo_accounts
    from pamong.people.models import Employee, Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    user = get_user_model().objects.get(username=accounts["hr_admin"])
    if task == "session":
        from pamong.accounts.services import api_token_create

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        session = SessionStore()
        now = int(time.time())
        session.update({
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
            "otp_device_id": device.persistent_id,
            "_pamong_auth_at": now,
            "_pamong_seen_at": now,
        })
        session.create()
        _, raw = api_token_create(actor=None, user=user, name="bench")
        profile = Employee.objects.filter(pemda=pemda, is_active=True).order_by("name", "pk")[n // 2]
        print(json.dumps({"session": session.session_key, "token": raw, "profile": str(profile.public_id)}))
    elif task == "queries":
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        spec = json.loads(sys.stdin.read())
        client = Client()
        client.cookies["sessionid"] = spec["session"]
        counts = {}
        for label, path, headers in spec["pages"]:
            extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Cookie"}
            client.get(path, **extra)  # warm caches as a running server would have them
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, **extra)
            counts[label] = {"queries": len(queries), "status": response.status_code}
        print(json.dumps(counts))
    elif task == "import":
        print(json.dumps(time_import(user)))


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
    started = time.perf_counter()
    job = imports.import_validate(job.pk)
    timings["dry_run_s"] = time.perf_counter() - started
    timings["summary"] = job.summary
    imports.import_apply_start(actor=user, job=job)
    started = time.perf_counter()
    job = imports.import_apply(job.pk, user.pk)
    timings["apply_s"] = time.perf_counter() - started
    timings["status"] = job.status
    timings["error"] = job.error
    return timings


# --- Orchestration -------------------------------------------------------------------------


def bench_size(n: int, seed: int, do_import: bool, duration: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"pamong-bench-{n}-"))
    env = bench_env(tmp)
    ceiling_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.ceiling_settings"}
    servers: list[subprocess.Popen] = []
    result: dict = {"n": n}
    try:
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        started = time.perf_counter()
        run([PYTHON, "manage.py", "seed_demo", "--employees", str(n), "--seed", str(seed)], env)
        result["seed_s"] = time.perf_counter() - started
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
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
        proc = subprocess.run([PYTHON, __file__, "--inner", "queries", "--n", str(n)], cwd=ROOT, env=env,
                              input=json.dumps(query_spec), capture_output=True, text=True, check=True, timeout=600)
        queries = json.loads(proc.stdout.strip().splitlines()[-1])
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
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def markdown(results: list[dict], tool: str) -> str:
    lines = [f"# Pamong bench — {time.strftime('%Y-%m-%d %H:%M')}", "",
             f"SQLite, gunicorn 2 sync workers on {os.cpu_count()} CPUs, production settings over plain HTTP; "
             f"throughput: 10 connections via {tool}; latency: 200 sequential keep-alive requests.", ""]
    for result in results:
        lines += [f"## N = {result['n']:,} employees", "", f"Seed: {result['seed_s']:.1f} s", "",
                  "| page | status | median ms | p95 ms | SQL queries | req/s (10 conn) | × ceiling |",
                  "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
        for row in result["pages"]:
            lines.append(f"| {row['page']} | {row['status']} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
                         f"{row['queries']} | {row['rps']:.0f} | {row['ratio']:.2f} |")
        if "import" in result:
            imp = result["import"]
            lines += ["", f"Import of {imp['rows']:,} rows (.xlsx, phone changed): export {imp['export_xlsx_s']:.1f} s, "
                      f"dry run {imp['dry_run_s']:.1f} s, apply {imp['apply_s']:.1f} s "
                      f"(total {imp['dry_run_s'] + imp['apply_s']:.1f} s; {imp['status']}; {imp['summary']})"]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,50000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--inner")
    parser.add_argument("--n", type=int, default=0)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner, args.n)
        return
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"N={n}: seeding and measuring…", flush=True)
        results.append(bench_size(n, args.seed, do_import=not args.no_import, duration=args.duration))
    report = markdown(results, "wrk" if shutil.which("wrk") else "a threaded Python client")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(report)
    print(report)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
