"""Issue #14's survey targets: the results at 100,000 questionnaires and a burst of 1,000 public submissions.

SQLite (or PostgreSQL with --database pg), production settings: migrate, seed_demo (a small agency), the survey
demo (three service points), then questionnaires written in bulk up to N (default 100,000) in this semester;
gunicorn (2 sync workers) on 127.0.0.1:
- the results of a point and of a unit tree, as the API answers them and as the staff results page shows them:
  single-client median and p95 over sequential keep-alive requests, and the SQL queries of each (in-process);
- the public burst: 1,000 citizens' phones each open the survey page (a challenge and a device cookie), solve
  the proof of work, then all send at once from 10 client threads; counted: 302s (accepted), errors, and the
  questionnaires in the database afterwards (none lost, none doubled).
The per-address hourly limit is lifted for the burst (bench/settings.py): every phone here is 127.0.0.1.
Writes bench/results/feedback-N.md.

    .venv/bin/python bench/feedback_bench.py [--responses 100000] [--keep DIR] [--database pg]
"""

import argparse
import hashlib
import http.client
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import PYTHON, RESULTS, ROOT, STACK, bench_env, free_port, latency, run, start_gunicorn, stop  # noqa: E402

P95_TARGET_MS = 100.0
BURST = 1000


def inner_fill(total: int) -> dict:
    """Questionnaires in bulk up to *total* in the open period (the demo's own counted in)."""
    import random
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from pamong.feedback import rules
    from pamong.feedback.choices import Channel
    from pamong.feedback.models import ANSWER_FIELDS, ServicePoint, SurveyPeriod, SurveyResponse

    rng = random.Random(14)  # noqa: S311 - bench data
    points = list(ServicePoint.objects.order_by("pk"))
    today = timezone.localdate()
    period = SurveyPeriod.objects.get(is_open=True, start_date__lte=today, end_date__gte=today)
    missing = total - SurveyResponse.objects.count()
    started = time.perf_counter()
    batch = []
    days = (today - period.start_date).days + 1
    for index in range(max(missing, 0)):
        day = period.start_date + timedelta(days=rng.randrange(days))
        answers = {field: rng.choice(rules.ANSWER_VALUES) for field in ANSWER_FIELDS.values()}
        batch.append(SurveyResponse(service_point=points[index % len(points)], period=period, response_date=day,
                                    submitted_at=timezone.now(), channel=Channel.ONLINE,
                                    device_day_key=secrets.token_hex(32), **answers))
        if len(batch) == 5000:
            SurveyResponse.objects.bulk_create(batch)
            batch = []
    SurveyResponse.objects.bulk_create(batch)
    # The bulk load bypassed the services: rebuild the running totals the results read.
    from pamong.feedback.services import tallies_rebuild

    tallies_rebuild(period_ids=[period.pk])
    return {"written": max(missing, 0), "seconds": time.perf_counter() - started,
            "total": SurveyResponse.objects.count()}


def inner_setup() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from bench.run import session_key_for
    from pamong.feedback.models import ServicePoint, SurveyPeriod, SurveyResponse
    from pamong.people.demo import demo_accounts
    from pamong.people.models import Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    hr = get_user_model().objects.get(username=accounts["hr_admin"])
    session = session_key_for(hr)
    today = timezone.localdate()
    period = SurveyPeriod.objects.get(pemda=pemda, is_open=True, start_date__lte=today, end_date__gte=today)
    point = ServicePoint.objects.filter(pemda=pemda).order_by("pk").first()
    unit = point.org_unit.parent or point.org_unit
    pages = [
        ("API results of a point", f"/api/v1/feedback/results?period={period.public_id}&point={point.public_id}"),
        ("API results of a unit tree",
         f"/api/v1/feedback/results?period={period.public_id}&unit={unit.public_id}"),
    ]
    try:  # the staff results page (its query string: the period and the point or unit)
        path = reverse("feedback:results")
        pages += [("results page of a point", f"{path}?period={period.public_id}&point={point.public_id}"),
                  ("results page of a unit tree", f"{path}?period={period.public_id}&unit={unit.public_id}"),
                  ("results page of the agency", f"{path}?period={period.public_id}")]
    except NoReverseMatch:
        pass
    queries = {}
    for label, page in pages:
        client = Client()
        client.cookies["sessionid"] = session
        client.get(page)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(page).status_code
        queries[label] = {"queries": len(captured), "status": status}
    from pamong.feedback.selectors import agency_results

    counted = agency_results(pemda=pemda, period=period).respondents
    if counted != period.responses.count():  # the figures below would not be of N questionnaires
        raise RuntimeError(f"the results count {counted} questionnaires, the period holds {period.responses.count()}")
    return {"session": session, "pages": pages, "queries": queries, "point": point.code,
            "responses": SurveyResponse.objects.count(), "period_responses": counted}


def inner_count() -> dict:
    from django.db.models import Count

    from pamong.feedback.models import SurveyResponse

    doubled = (SurveyResponse.objects.filter(device_day_key__isnull=False)
               .values("service_point", "response_date", "device_day_key").order_by()
               .annotate(n=Count("pk")).filter(n__gt=1))
    return {"responses": SurveyResponse.objects.count(), "doubled": doubled.count()}


def inner(task: str, arg: int) -> None:
    import django

    django.setup()
    tasks = {"fill": lambda: inner_fill(arg), "setup": inner_setup, "count": inner_count}
    print(json.dumps(tasks[task](), default=str))


def _inner(env: dict, task: str, arg: int = 0) -> dict:
    proc = subprocess.run([PYTHON, __file__, "--inner", task, "--arg", str(arg)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False, timeout=3600)
    if proc.returncode != 0:
        raise RuntimeError(f"{task} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _phone(port: int, code: str) -> dict:
    """What one phone holds after opening the page: its device cookie and a solved challenge (solved as the
    page's script does, from the page alone)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/skm/{code}/")
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="pow_token" value="([^"]+)"', body).group(1)
    bits = int(re.search(r'data-pow-bits="(\d+)"', body).group(1))
    counter = 0
    while int.from_bytes(hashlib.sha256(f"{token}:{counter}".encode()).digest()[:4], "big") >> (32 - bits):
        counter += 1
    return {"cookie": cookie, "token": token, "counter": str(counter)}


def burst(port: int, code: str, phones: list[dict], threads: int = 10) -> dict:
    pending = list(phones)
    lock = threading.Lock()
    statuses: list[int] = []
    samples: list[str] = []

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not pending:
                    break
                phone = pending.pop()
            form = {f"U{n}": str((n + len(pending)) % 4 + 1) for n in range(1, 10)}
            form.update({"pow_token": phone["token"], "pow_counter": phone["counter"], "comment": "Cepat"})
            try:
                conn.request("POST", f"/skm/{code}/", body=urlencode(form),
                             headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": phone["cookie"]})
                response = conn.getresponse()
                content = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status, content = 0, str(exc).encode()
            with lock:
                statuses.append(status)
                if status != 302 and len(samples) < 5:
                    samples.append(f"{status}: {content[:200]!r}")
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"sent": len(statuses), "accepted": statuses.count(302), "errors": len(statuses) - statuses.count(302),
            "seconds": elapsed, "per_second": len(statuses) / elapsed if elapsed else 0.0, "error_samples": samples}


def bench(total: int, keep: Path | None) -> dict:
    tmp = keep / str(total) if keep else Path(tempfile.mkdtemp(prefix=f"pamong-feedback-{total}-"))
    tmp.mkdir(parents=True, exist_ok=True)
    env = bench_env(tmp)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    result: dict = {"target": total, "database": STACK["database"]}
    server = None
    try:
        marker = tmp / ("seeded-pg.json" if STACK["database"] == "pg" else "seeded.json")
        if STACK["database"] == "pg" and not marker.exists():
            from bench import pg

            pg.create_database()
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        if not marker.exists():
            run([PYTHON, "manage.py", "seed_demo", "--employees", "300"], env)
            run([PYTHON, "manage.py", "seed_feedback_demo"], env)
            result["fill"] = _inner(env, "fill", total)
            marker.write_text(json.dumps(result["fill"]))
        else:
            result["fill"] = json.loads(marker.read_text())
        if STACK["database"] == "pg":
            from bench import pg

            pg.vacuum_analyze()
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        setup = _inner(env, "setup")
        result["responses"], result["period_responses"] = setup["responses"], setup["period_responses"]
        port = free_port()
        server = start_gunicorn(env, port, tmp / "app.log")
        rows = []
        for label, path in setup["pages"]:
            single = latency(port, path, {"Cookie": f"sessionid={setup['session']}"}, count=100)
            rows.append({"page": label, **single, **setup["queries"][label], "met": single["p95_ms"] < P95_TARGET_MS})
        result["pages"] = rows
        started = time.perf_counter()
        phones = [_phone(port, setup["point"]) for _ in range(BURST)]
        result["prepared_s"] = time.perf_counter() - started
        before = _inner(env, "count")
        result["burst"] = burst(port, setup["point"], phones)
        after = _inner(env, "count")
        result["burst"]["recorded"] = after["responses"] - before["responses"]
        result["burst"]["doubled"] = after["doubled"]
    finally:
        stop(server)
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def markdown(result: dict) -> str:
    database = "PostgreSQL" if result.get("database") == "pg" else "SQLite"
    burst_ = result["burst"]
    lines = [f"# Issue #14 survey at {result['responses']:,} questionnaires ({database})", "",
             f"The results pages below read {result['period_responses']:,} questionnaires of the open period.", "",
             f"{database}, production settings, gunicorn with 2 sync workers on 127.0.0.1; single client, 100 "
             "sequential keep-alive requests after warm-up.", "",
             "| page | status | SQL queries | median ms | p95 ms | met (p95 < 100 ms) |",
             "| --- | ---: | ---: | ---: | ---: | --- |"]
    for row in result["pages"]:
        lines.append(f"| {row['page']} | {row['status']} | {row['queries']} | {row['median_ms']:.1f} | "
                     f"{row['p95_ms']:.1f} | {'yes' if row['met'] else 'NO'} |")
    lines += ["", f"Public burst: {burst_['sent']:,} questionnaires from {BURST:,} phones (10 client threads, each "
              f"phone's page opened and its proof of work solved beforehand, {result['prepared_s']:.0f} s): "
              f"{burst_['accepted']:,} accepted, {burst_['errors']} errors, {burst_['recorded']:,} recorded, "
              f"{burst_['doubled']} doubled, in {burst_['seconds']:.1f} s ({burst_['per_second']:.0f}/s).", ""]
    if burst_["error_samples"]:
        lines += ["Errors:", *[f"- `{sample}`" for sample in burst_["error_samples"]], ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--database", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--inner")
    parser.add_argument("--arg", type=int, default=0)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner, args.arg)
        return
    STACK["database"] = args.database
    result = bench(args.responses, args.keep)
    RESULTS.mkdir(exist_ok=True)
    suffix = "-pg" if args.database == "pg" else ""
    (RESULTS / f"feedback-{args.responses}{suffix}.json").write_text(json.dumps(result, indent=2, default=str))
    text = markdown(result)
    (RESULTS / f"feedback-{args.responses}{suffix}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
