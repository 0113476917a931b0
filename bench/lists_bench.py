"""Issue #13's list targets: the BKPSDM's standard lists at N employees (default 50,000).

SQLite, production settings: migrate, seed_demo --employees N (or reuse ``--keep``), then gunicorn (2 sync workers)
on 127.0.0.1 and, for each list page (DUK, daftar nominatif, KP due, KGB due, retirements; HR of the agency and a
unit head), the single-client median and p95 over sequential keep-alive requests and the SQL queries of a page
(in-process, after a warm-up); then the .xlsx export of the whole DUK (every active PNS of the agency) with its time
and the server's response size. Target: p95 < 100 ms for a page, the same query count at every size.
Writes bench/results/lists-N.md.

    .venv/bin/python bench/lists_bench.py [--employees 50000] [--keep DIR] [--database pg]
"""

import argparse
import http.client
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (  # noqa: E402
    PYTHON,
    RESULTS,
    ROOT,
    STACK,
    bench_env,
    free_port,
    latency,
    run,
    start_gunicorn,
    stop,
)

P95_TARGET_MS = 100.0


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
    people = {role: users.get(username=accounts[role]) for role in ("hr_admin", "unit_head")}
    sessions = {role: session_key_for(user) for role, user in people.items()}
    pages = []
    for name, label in (("list-duk", "DUK"), ("list-nominatif", "daftar nominatif"), ("list-kp", "KP due"),
                        ("list-kgb", "KGB due"), ("list-bup", "retirements (BUP)")):
        path = reverse(f"mobility:{name}")
        pages.append((f"{label} (HR)", "hr_admin", path))
        if name == "list-duk":
            pages.append((f"{label}, page 20 (HR)", "hr_admin", f"{path}?page=20"))
        pages.append((f"{label} (unit head)", "unit_head", path))
    queries = {}
    for label, role, path in pages:
        client = Client()
        client.cookies["sessionid"] = sessions[role]
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        queries[label] = {"queries": len(captured), "status": status}
    export = reverse("mobility:list-export", args=["duk", "xlsx"])
    return {"sessions": sessions, "pages": pages, "queries": queries, "export": export,
            "employees": Employee.objects.filter(pemda=pemda, is_active=True).count()}


def inner(task: str) -> None:
    import django

    django.setup()
    print(json.dumps({"setup": inner_setup}[task](), default=str))


def download(port: int, path: str, session: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    response = conn.getresponse()
    size = len(response.read())
    return {"status": response.status, "seconds": time.perf_counter() - started, "bytes": size}


def bench(employees: int, keep: Path | None) -> dict:
    tmp = keep / str(employees) if keep else Path(tempfile.mkdtemp(prefix=f"pamong-lists-{employees}-"))
    tmp.mkdir(parents=True, exist_ok=True)
    env = bench_env(tmp)
    result: dict = {"employees": employees, "database": STACK["database"]}
    server = None
    try:
        marker = tmp / ("seeded-demo-pg.json" if STACK["database"] == "pg" else "seeded-demo.json")
        if STACK["database"] == "pg" and not marker.exists():
            from bench import pg

            pg.create_database()  # bench_pamong, empty
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        if not marker.exists() and not (tmp / "seeded-attendance.json").exists():
            started = time.perf_counter()
            run([PYTHON, "manage.py", "seed_demo", "--employees", str(employees)], env)
            marker.write_text(json.dumps({"seed_demo": time.perf_counter() - started}))
        if STACK["database"] == "pg":
            from bench import pg

            pg.vacuum_analyze()
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        proc = subprocess.run([PYTHON, __file__, "--inner", "setup"], cwd=ROOT, env=env, capture_output=True,
                              text=True, check=False, timeout=3600)
        if proc.returncode != 0:
            raise RuntimeError(f"setup failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        setup = json.loads(proc.stdout.strip().splitlines()[-1])
        result["active_employees"] = setup["employees"]
        port = free_port()
        server = start_gunicorn(env, port, tmp / "app.log")
        rows = []
        for label, role, path in setup["pages"]:
            single = latency(port, path, {"Cookie": f"sessionid={setup['sessions'][role]}"}, count=100)
            rows.append({"page": label, **single, **setup["queries"][label],
                         "met": single["p95_ms"] < P95_TARGET_MS})
        result["pages"] = rows
        result["export"] = download(port, setup["export"], setup["sessions"]["hr_admin"])
    finally:
        stop(server)
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def markdown(result: dict) -> str:
    export = result["export"]
    database = "PostgreSQL" if result.get("database") == "pg" else "SQLite"
    lines = [f"# Issue #13 BKPSDM lists at {result['employees']:,} employees ({database})", "",
             f"{database}, production settings, gunicorn with 2 sync workers on 127.0.0.1; single client, 100 sequential "
             f"keep-alive requests after warm-up; {result['active_employees']:,} active employees in the agency.", "",
             "| page | status | SQL queries | median ms | p95 ms | met (p95 < 100 ms) |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for r in result["pages"]:
        lines.append(f"| {r['page']} | {r['status']} | {r['queries']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
                     f"{'yes' if r['met'] else 'no'} |")
    lines += ["", f"The whole DUK as .xlsx (HR): status {export['status']}, {export['bytes'] / 1e6:.1f} MB in "
                  f"{export['seconds']:.1f} s."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=50000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the seeded database under this folder")
    parser.add_argument("--database", choices=("sqlite", "pg"), default="sqlite",
                        help="pg: the scratch PostgreSQL database bench_pamong on 127.0.0.1 (as make bench-pg)")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner)
        return
    STACK["database"] = args.database
    result = bench(args.employees, args.keep)
    text = markdown(result)
    RESULTS.mkdir(exist_ok=True)
    name = f"lists-{args.employees}{'-pg' if args.database == 'pg' else ''}"
    (RESULTS / f"{name}.md").write_text(text)
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, default=str))
    print(text)


if __name__ == "__main__":
    main()
