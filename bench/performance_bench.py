"""`make bench-performance`: the performance aggregates at 50,000 employees × 12 monthly reports, on SQLite.

A fresh temporary database (as bench/run.py makes one): migrate, seed_demo
with --employees (default 50,000), then, in bulk, for every employee with a
position: an agreed SKP of the year with one result (cascading from the
appraiser's) and two indicators from the starter library of the OPD's sector,
a realisation of each indicator for each of the 12 months, an evaluation for
each month (predikat derived from the two ratings), and an organisation
rating of every unit for every month. Then, in-process (median of --repeat
runs, after one warm-up), with the SQL query count of each:

- selectors.distribution() at each OPD (root unit), and one row per OPD
  across the agency (review_views.unit_rows, the distribution page's agency
  table);
- the dashboard computation (review_views.dashboard_figures) for the agency
  (HR) and for the biggest OPD (its head): counts per predikat, reporting
  completeness, achievement by library indicator;
- the dashboard and distribution pages through the test client, and the
  supervisor's team progress (selectors.team_progress).

Target: < 1 s each. Writes bench/results/performance.md. Everything stays on
127.0.0.1 and in the temporary directory, which is removed at the end.
"""

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "bench" / "results"
YEAR = 2026
PERIOD = "2026-06"
TARGET_SECONDS = 1.0
# What the first full run (50,000 employees) showed, and what was changed because of it.
NOTES = [
    "The first full run had the distribution of the biggest OPD (Dinas Pendidikan, 45,926 rated) at 0.203 s and "
    "its distribution page at 1.77 s: SQLite joined the units by path and then read every month of each unit "
    "(performance_evaluation_org_unit_id index) to keep one period. The index evaluation_unit_period "
    "(org_unit, period, predikat, pemda; migration performance 0002) makes those counts index-only seeks: "
    "0.01–0.03 s, and the page 0.66–0.92 s depending on the load of the machine (its paginated list, "
    "ordered by name, is now the largest query, 0.2 s).",
    "A unit head's dashboard stays the slowest aggregate: each of its four queries repeats the subordinate "
    "scope (employees_visible_to: an OR over position and unit paths, a scan of all employees), about 0.1 s "
    "each; HR's agency dashboard, without that scope, takes half the time.",
]


def bench_env(var_dir: Path) -> dict:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "bench.settings",
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


def run(cmd: list[str], env: dict, stdin: str = "") -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=3600,
                            check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def inner_call(task: str, env: dict, spec: dict | None = None) -> dict:
    out = run([PYTHON, __file__, "--inner", task], env, json.dumps(spec or {}))
    return json.loads(out.strip().splitlines()[-1])


# --- The bulk seed (inner process) ---------------------------------------------------------------------

SECTOR_OF_OPD = {
    "Dinas Pendidikan dan Kebudayaan": "education",
    "Dinas Kesehatan": "health",
    "Dinas Perhubungan": "transport",
    "Dinas Kependudukan dan Pencatatan Sipil": "public_service",
}
RATINGS = ("above", "meets", "below")
WORK_WEIGHTS = (0.2, 0.7, 0.1)
BEHAVIOUR_WEIGHTS = (0.15, 0.8, 0.05)
ORG_RATINGS = ("istimewa", "baik", "baik", "baik", "butuh_perbaikan")
CHUNK = 20_000


def _appraisers(rows: list[tuple], positions: dict[int, tuple]) -> dict[int, int]:
    """employee pk → appraiser pk, as people.selectors.supervisor_of() finds them (nearest held ancestor post)."""
    holders: dict[int, int] = {}
    for pk, _user, position_id, _unit, _name in sorted(rows, key=lambda r: (r[4], r[0])):
        holders.setdefault(position_id, pk)
    found = {}
    for pk, _user, position_id, _unit, _name in rows:
        path = positions[position_id][0]
        ancestors = [int(s) for s in path.strip("/").split("/")[:-1] if s]
        for ancestor in reversed(ancestors):
            holder = holders.get(ancestor)
            if holder is not None and holder != pk:
                found[pk] = holder
                break
    return found


def seed_performance(spec: dict) -> dict:
    """Write the bench's plans, realisations, evaluations and organisation ratings in bulk; return counts."""
    import random
    from datetime import date, datetime, timedelta
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from pamong.core.db import refresh_planner_statistics
    from pamong.people.models import Employee, OrgUnit, Pemda, Position
    from pamong.performance import rules
    from pamong.performance.library import indicator_library_seed
    from pamong.performance.models import (
        Evaluation,
        IndicatorTemplate,
        OrganisationRatingRecord,
        Realisation,
        Skp,
        SkpIndicator,
        SkpResult,
    )

    rng = random.Random(spec.get("seed", 1))  # noqa: S311 - reproducible bench data
    started = time.perf_counter()
    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    hr = get_user_model().objects.filter(pemda=pemda, groups__name="hr_admin").first()
    zone = timezone.get_current_timezone()
    periods = rules.periods_of("monthly", YEAR)
    with transaction.atomic():
        indicator_library_seed()
    templates: dict[str, list] = {}
    for template in IndicatorTemplate.objects.filter(pemda__isnull=True):
        templates.setdefault(template.sector, []).append(template)
    units = {u.pk: u for u in OrgUnit.objects.filter(pemda=pemda)}
    roots = {pk: u.name for pk, u in units.items() if u.parent_id is None}
    positions = {p.pk: (p.path, p.supervisor_position_id, p.is_unit_head)
                 for p in Position.objects.filter(pemda=pemda)}
    rows = list(Employee.objects.filter(pemda=pemda, is_active=True, current_position__isnull=False,
                                        current_unit__isnull=False)
                .values_list("pk", "user_id", "current_position_id", "current_unit_id", "name"))
    appraiser_of = _appraisers(rows, positions)
    timings = {}

    # Organisation ratings: every unit, every month.
    with transaction.atomic():
        OrganisationRatingRecord.objects.bulk_create([
            OrganisationRatingRecord(pemda=pemda, org_unit_id=pk, period=period, rating=rng.choice(ORG_RATINGS),
                                     set_by=hr) for pk in units for period in periods], batch_size=5000)
    # Plans, in position-depth order so that a result can point at its appraiser's.
    rows.sort(key=lambda r: (positions[r[2]][0].count("/"), r[0]))
    skp_of, result_of, indicators_of = {}, {}, {}
    agreed = datetime(YEAR, 1, 12, 10, tzinfo=zone)
    with transaction.atomic():
        plans = [Skp(pemda=pemda, employee_id=pk, year=YEAR, position_id=position_id, org_unit_id=unit_id,
                     appraiser_id=appraiser_of.get(pk), status="approved" if pk in appraiser_of else "draft",
                     submitted_at=agreed, approved_at=agreed if pk in appraiser_of else None)
                 for pk, _user, position_id, unit_id, _name in rows]
        Skp.objects.bulk_create(plans, batch_size=5000)
        skp_of = {plan.employee_id: plan.pk for plan in plans}
        depth_rows: dict[int, list] = {}
        for row in rows:
            depth_rows.setdefault(positions[row[2]][0].count("/"), []).append(row)
        for depth in sorted(depth_rows):
            results = [SkpResult(skp_id=skp_of[pk], text="Hasil kerja utama",
                                 parent_id=result_of.get(appraiser_of.get(pk))) for pk, *_rest in depth_rows[depth]]
            SkpResult.objects.bulk_create(results, batch_size=5000)
            for (pk, *_rest), result in zip(depth_rows[depth], results, strict=True):
                result_of[pk] = result.pk
        indicators = []
        for pk, _user, _position, unit_id, _name in rows:
            root = int(units[unit_id].path.strip("/").split("/")[0])
            sector = SECTOR_OF_OPD.get(roots.get(root, ""), "general_admin")
            for template in rng.sample(templates[sector], 2):
                indicators.append(SkpIndicator(result_id=result_of[pk], template=template, name=template.name,
                                               aspect=template.aspect, target_value=Decimal(100), unit=template.unit,
                                               direction=template.direction, source=template.source))
        SkpIndicator.objects.bulk_create(indicators, batch_size=5000)
        for indicator in indicators:
            indicators_of.setdefault(indicator.result_id, []).append(indicator.pk)
    timings["plans_s"] = time.perf_counter() - started

    # 12 monthly realisations per indicator, in chunks (constant memory).
    step = time.perf_counter()
    users = {pk: user for pk, user, *_rest in rows}
    realisations = 0
    batch = []
    with transaction.atomic():
        for pk, *_rest in rows:
            for indicator_id in indicators_of[result_of[pk]]:
                for period in periods:
                    batch.append(Realisation(indicator_id=indicator_id, period=period, reported_by_id=users[pk],
                                             value=Decimal(rng.randint(60, 120))))
            if len(batch) >= CHUNK:
                Realisation.objects.bulk_create(batch, batch_size=5000)
                realisations += len(batch)
                batch = []
        Realisation.objects.bulk_create(batch, batch_size=5000)
        realisations += len(batch)
    timings["realisations_s"] = time.perf_counter() - step

    # 12 monthly evaluations per agreed plan, by the appraiser, predikat derived.
    step = time.perf_counter()
    evaluations = 0
    batch = []
    with transaction.atomic():
        for pk, _user, _position, unit_id, _name in rows:
            appraiser = appraiser_of.get(pk)
            if appraiser is None:
                continue
            for period in periods:
                work = rng.choices(RATINGS, WORK_WEIGHTS)[0]
                behaviour = rng.choices(RATINGS, BEHAVIOUR_WEIGHTS)[0]
                rated_on = rules.period_bounds(period)[1] + timedelta(days=3)
                batch.append(Evaluation(pemda=pemda, skp_id=skp_of[pk], employee_id=pk, org_unit_id=unit_id,
                                        period=period, work_result=work, behaviour=behaviour,
                                        predikat=rules.predikat_for(work, behaviour), evaluator_id=appraiser,
                                        rated_on=min(rated_on, date(YEAR, 12, 31))))
            if len(batch) >= CHUNK:
                Evaluation.objects.bulk_create(batch, batch_size=5000)
                evaluations += len(batch)
                batch = []
        Evaluation.objects.bulk_create(batch, batch_size=5000)
        evaluations += len(batch)
    timings["evaluations_s"] = time.perf_counter() - step
    step = time.perf_counter()
    refresh_planner_statistics()
    timings["analyze_s"] = time.perf_counter() - step
    timings["total_s"] = time.perf_counter() - started
    return {"employees": len(rows), "plans": len(plans), "indicators": len(indicators),
            "realisations": realisations, "evaluations": evaluations,
            "organisation_ratings": len(units) * len(periods), "units": len(units), "seconds": timings}


# --- The measurements (inner process) ------------------------------------------------------------------


def _measure(fn, repeat: int) -> dict:
    """Median wall time of *repeat* calls after one warm-up, and the SQL queries of one call."""
    from django.db import connection

    fn()
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    # An execute wrapper, not the query log: a request empties the log and may reconnect.
    with connection.execute_wrapper(counter):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return {"median_s": statistics.median(samples), "max_s": max(samples), "queries": count[0]}


def _client_for(user):
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def measure(spec: dict) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from pamong.core.db import refresh_planner_statistics
    from pamong.people.demo import demo_accounts
    from pamong.people.models import Employee, OrgUnit, Pemda
    from pamong.performance import selectors
    from pamong.performance.models import Evaluation

    refresh_planner_statistics()  # statistics for indexes added since the seed (--keep)
    repeat = spec.get("repeat", 5)
    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    users = {role: get_user_model().objects.get(username=name) for role, name in accounts.items()
             if role in ("hr_admin", "unit_head", "supervisor")}
    hr, head, supervisor = users["hr_admin"], users["unit_head"], users["supervisor"]
    roots = list(OrgUnit.objects.filter(pemda=pemda, parent__isnull=True).order_by("name"))
    sizes = dict(Evaluation.objects.filter(pemda=pemda, period=PERIOD).values("org_unit__path")
                 .annotate(n=Count("pk")).values_list("org_unit__path", "n"))
    root_sizes = {root.pk: sum(n for path, n in sizes.items() if path.startswith(root.path)) for root in roots}
    biggest = max(roots, key=lambda root: root_sizes[root.pk])
    out: dict = {"period": PERIOD, "repeat": repeat, "rows": []}

    def add(label: str, fn, target: bool = True) -> None:
        row = {"label": label, **_measure(fn, repeat), "target": target}
        out["rows"].append(row)

    add(f"selectors.distribution() at the biggest OPD ({biggest.name}, {root_sizes[biggest.pk]:,} rated)",
        lambda: selectors.distribution(hr, unit=biggest, period=PERIOD))
    add(f"selectors.distribution() at each of the {len(roots)} OPDs (all of them, one after the other)",
        lambda: [selectors.distribution(hr, unit=root, period=PERIOD) for root in roots])
    try:
        from pamong.performance.review_views import dashboard_figures, unit_rows
    except ImportError:  # the pages are not there yet: time the aggregates they will need
        dashboard_figures = unit_rows = None
    if unit_rows is not None:
        add(f"agency distribution: review_views.unit_rows(None) — one row per OPD ({len(roots)})",
            lambda: unit_rows(hr, None, PERIOD))
        add(f"biggest OPD's sub-units: review_views.unit_rows({biggest.name})",
            lambda: unit_rows(hr, biggest, PERIOD))
    if dashboard_figures is not None:
        add("dashboard_figures(): the agency (HR)", lambda: dashboard_figures(hr, None, YEAR, PERIOD))
        add(f"dashboard_figures(): {biggest.name} (its head)",
            lambda: dashboard_figures(head, head.employee.current_unit, YEAR, PERIOD))
    me = Employee.objects.get(user=supervisor)
    team = Employee.objects.filter(current_position__supervisor_position=me.current_position_id)
    add(f"selectors.team_progress(): the demo supervisor's team ({team.count()})",
        lambda: selectors.team_progress(supervisor, employees=team, year=YEAR, period=PERIOD))
    pages = [("GET /performance/dashboard/ (HR, agency)", hr, f"/performance/dashboard/?period={PERIOD}"),
             ("GET /performance/dashboard/ (unit head)", head, f"/performance/dashboard/?period={PERIOD}"),
             ("GET /performance/distribution/ (HR, agency)", hr, f"/performance/distribution/?period={PERIOD}"),
             ("GET /performance/distribution/?unit=<biggest OPD> (HR)", hr,
              f"/performance/distribution/?period={PERIOD}&unit={biggest.public_id}"),
             ("GET /performance/ (supervisor: home with the team panel)", supervisor, "/performance/")]
    for label, user, path in pages:
        client = _client_for(user)

        def get(client=client, path=path) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")

        try:
            add(label, get)
        except RuntimeError as exc:
            out["rows"].append({"label": label, "error": str(exc)})
    return out


def time_recap(spec: dict) -> dict:
    """The agency-wide recap .xlsx for HR, once (not a < 1 s target: it writes every employee)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pamong.people.demo import demo_accounts
    from pamong.people.models import Pemda
    from pamong.performance import exports

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    hr = get_user_model().objects.get(username=accounts["hr_admin"])
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        rows = exports.recap_rows(actor=hr, unit=None, period=PERIOD)
    rows_s = time.perf_counter() - started
    handle = exports.recap_xlsx(rows, title="bench", period=PERIOD)
    handle.seek(0, 2)
    return {"rows": len(rows), "rows_s": rows_s, "total_s": time.perf_counter() - started,
            "queries": len(queries), "bytes": handle.tell()}


def inner(task: str) -> None:
    import django

    django.setup()
    spec = json.loads(sys.stdin.read() or "{}")
    result = {"seed": seed_performance, "measure": measure, "recap": time_recap}[task](spec)
    print(json.dumps(result, default=str))


# --- Orchestration ---------------------------------------------------------------------------------------


def markdown(n: int, people_s: float, seeded: dict, measured: dict, recap: dict) -> str:
    s = seeded["seconds"]
    lines = [
        f"# Pamong performance bench — {time.strftime('%Y-%m-%d %H:%M')}", "",
        f"SQLite (production settings), in-process, {os.cpu_count()} CPUs; median of {measured['repeat']} runs after "
        f"one warm-up; period {measured['period']}. Target: < {TARGET_SECONDS:.0f} s each.", "",
        f"## Data: {seeded['employees']:,} employees", "",
        f"- seed_demo --employees {n}: {people_s:.1f} s",
        f"- bulk performance seed: {s['total_s']:.1f} s (plans {s['plans_s']:.1f} s, realisations "
        f"{s['realisations_s']:.1f} s, evaluations {s['evaluations_s']:.1f} s, ANALYZE {s['analyze_s']:.1f} s)",
        f"- {seeded['plans']:,} SKPs, {seeded['indicators']:,} indicators, {seeded['realisations']:,} monthly "
        f"realisations (12 per indicator), {seeded['evaluations']:,} monthly evaluations, "
        f"{seeded['organisation_ratings']:,} organisation ratings ({seeded['units']:,} units × 12)", "",
        "## Timings", "",
        "| measurement | median s | max s | SQL queries | < 1 s |",
        "| --- | ---: | ---: | ---: | :---: |",
    ]
    for row in measured["rows"]:
        if "error" in row:
            lines.append(f"| {row['label']} | error: {row['error']} | | | |")
            continue
        ok = "yes" if row["median_s"] < TARGET_SECONDS else "**no**"
        lines.append(f"| {row['label']} | {row['median_s']:.3f} | {row['max_s']:.3f} | {row['queries']} | {ok} |")
    lines += ["", f"Recap .xlsx of the whole agency (HR; not a < 1 s target, it lists every employee): "
              f"{recap['rows']:,} rows, rows {recap['rows_s']:.1f} s in {recap['queries']} queries, with the sheet "
              f"{recap['total_s']:.1f} s ({recap['bytes'] / 1e6:.1f} MB).", "", "## Notes", ""]
    lines += [f"- {note}" for note in NOTES] + [""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", help="Keep the database in this directory (re-used when it exists).")
    parser.add_argument("--inner")
    args = parser.parse_args()
    if args.inner:
        inner(args.inner)
        return
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pamong-perf-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    env = bench_env(tmp)
    try:
        seeded_file = tmp / "seeded.json"
        if seeded_file.exists():  # --keep: a database seeded before (new migrations, e.g. an index, apply)
            run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
            stored = json.loads(seeded_file.read_text())
            people_s, seeded = stored["people_s"], stored["seeded"]
        else:
            print(f"Seeding {args.employees:,} employees…", flush=True)
            run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
            started = time.perf_counter()
            run([PYTHON, "manage.py", "seed_demo", "--employees", str(args.employees), "--seed", str(args.seed)], env)
            people_s = time.perf_counter() - started
            print(f"  seed_demo {people_s:.1f} s; performance rows…", flush=True)
            seeded = inner_call("seed", env, {"seed": args.seed})
            seeded_file.write_text(json.dumps({"people_s": people_s, "seeded": seeded}))
        print(f"  seeded in {seeded['seconds']['total_s']:.1f} s; measuring…", flush=True)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)  # the pages need the manifest
        measured = inner_call("measure", env, {"repeat": args.repeat})
        recap = inner_call("recap", env)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    report = markdown(args.employees, people_s, seeded, measured, recap)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "performance.md").write_text(report)
    print(report)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
