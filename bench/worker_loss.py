"""Kill the Celery worker's pool process in the middle of a background export; the job must still end with one
complete file, and no half file (issue #10: "a task interrupted by a worker restart is retried or reported, never
half-applied").

PostgreSQL and Redis on 127.0.0.1 as in `make bench-pg` (scratch database bench_pamong, bench/pg.py): seed N
employees, start a worker with one pool process, dispatch an ExportJob of the whole directory, SIGKILL the pool
process once the job reports progress, then wait. acks_late with reject_on_worker_lost puts the task back on the
queue; the worker's next pool process runs it again from the start. Prints what happened as JSON.

    .venv/bin/python bench/worker_loss.py --employees 5000
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def inner_start() -> None:
    """Create the job for the demo HR admin and dispatch it, as the export view does; print its id."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from pamong.core.tasks import dispatch
    from pamong.people import exports
    from pamong.people.demo import demo_accounts
    from pamong.people.models import Pemda
    from pamong.people.selectors import EmployeeFilters
    from pamong.people.tasks import employees_export_task

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    username = {a["role"]: a["username"] for a in demo_accounts(pemda)}["hr_admin"]
    user = get_user_model().objects.get(username=username)
    exports.EXPORT_JOB_ROWS = 0
    _, count, job = exports.employees_export_begin(actor=user, filters=EmployeeFilters(), fmt="xlsx", query={})
    dispatch(employees_export_task, job.pk)
    print(json.dumps({"job": job.pk, "rows": count}))


def _job(job_id: int) -> dict:
    import psycopg

    from bench import pg

    with psycopg.connect(pg.database_url(pg.DB_NAME)) as conn:
        status, done, total, name = conn.execute(
            "SELECT status, processed_rows, total_rows, file FROM people_exportjob WHERE id = %s", [job_id]
        ).fetchone()
    return {"status": status, "processed_rows": done, "total_rows": total, "file": name}


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=5000)
    parser.add_argument("--inner", action="store_true")
    args = parser.parse_args()
    if args.inner:
        inner_start()
        return
    from bench import pg
    from bench.run import PYTHON, STACK, bench_env, run

    STACK["database"] = "pg"
    tmp = Path(tempfile.mkdtemp(prefix="pamong-worker-loss-"))
    env = bench_env(tmp)
    log = tmp / "celery.log"
    worker = None
    out: dict = {"employees": args.employees}
    try:
        pg.create_database()
        pg.flush_redis()
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([PYTHON, "manage.py", "seed_demo", "--employees", str(args.employees), "--seed", "1"], env)
        worker = pg.start_worker(env, log, concurrency=1)
        started = json.loads(run([PYTHON, __file__, "--inner"], env).strip().splitlines()[-1])
        job_id = started["job"]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            state = _job(job_id)
            if state["status"] == "running" and state["processed_rows"] > 0:
                break
            if state["status"] in ("done", "failed"):
                raise SystemExit(f"the export finished before it could be interrupted: {state}")
            time.sleep(0.05)
        out["killed_at"] = state
        victims = _children(worker.pid)
        for pid in victims:  # the pool process, a child of the worker this script started
            os.kill(pid, signal.SIGKILL)
        out["killed_pids"] = victims
        out["file_right_after_kill"] = _job(job_id)["file"]
        while time.monotonic() < deadline:
            state = _job(job_id)
            if state["status"] in ("done", "failed") and state["processed_rows"] == state["total_rows"]:
                break
            time.sleep(0.2)
        out["final"] = state
        folder = tmp / "private-media" / "exports"
        files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
        out["files_in_storage"] = [str(p.relative_to(tmp / "private-media")) for p in files]
        if state.get("file"):
            from openpyxl import load_workbook

            sheet = load_workbook(tmp / "private-media" / state["file"], read_only=True).worksheets[0]
            out["rows_in_file"] = sum(1 for _ in sheet.iter_rows(values_only=True)) - 1
        text = log.read_text(errors="replace")
        out["log"] = {"deliveries": text.count("] received"), "succeeded": text.count("] succeeded in"),
                      "pool_processes_killed": text.count("exited with 'signal 9")}
        out["ok"] = (state["status"] == "done" and out.get("rows_in_file") == started["rows"]
                     and len(files) == 1 and not out["file_right_after_kill"])
    finally:
        pg.stop_group(worker)
        if log.exists():
            (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
            shutil.copy(log, ROOT / "bench" / "results" / "celery-worker-loss.log")
        shutil.rmtree(tmp, ignore_errors=True)
        pg.drop_databases()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
