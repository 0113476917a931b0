"""Issue #11's e-learning burst: N learners start and submit a quiz attempt at once (part of `make bench`).

SQLite, production settings: migrate and seed_demo (bench/run.py's helpers), then in the seeded installation one
published e-learning course (3 lessons, 20 questions, 10 per attempt) and N learners of the Pemda with an approved
enrolment, their lessons done, and a write API token each. Gunicorn (2 sync workers) on 127.0.0.1; --threads client
threads (default 20) each take learners one by one: POST /courses/{id}/attempts, then POST /attempts/{id}/submit
(half of them answer correctly and so complete the course). Reported: errors, lost attempts (submits answered 200
that the database does not hold as submitted, and completions without exactly one JP record), req/s, median and p95
of each call. Writes bench/results/quiz-burst.md.

    .venv/bin/python bench/quiz_burst.py [--learners 500] [--threads 20]
"""

import argparse
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import PYTHON, RESULTS, ROOT, bench_env, free_port, run, start_gunicorn, stop  # noqa: E402

API = "/api/v1/development"


def inner_call(task: str, env: dict, spec: dict) -> dict:
    proc = subprocess.run([PYTHON, __file__, "--inner", task], cwd=ROOT, env=env, input=json.dumps(spec),
                          capture_output=True, text=True, check=False, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"inner {task} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- In the seeded installation -------------------------------------------------------------------------------


def inner_setup(spec: dict) -> dict:
    """The course, the learners (approved enrolment, lessons done, a token each) and the correct answers."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from pamong.accounts.models import ApiToken, hash_token
    from pamong.development.choices import ActivityForm, ActivityMode, ActivityStatus, EnrolmentStatus, LessonKind
    from pamong.development.models import CourseProgress, Enrolment, LearningActivity
    from pamong.development.services import elearning as svc
    from pamong.people.demo import demo_accounts
    from pamong.people.models import Employee, Pemda

    pemda = Pemda.objects.get(name="Pemerintah Kabupaten Mamuju")
    accounts = {a["role"]: a["username"] for a in demo_accounts(pemda)}
    hr = get_user_model().objects.get(username=accounts["hr_admin"])
    activity = LearningActivity.objects.create(pemda=pemda, title="Orientasi ASN Ber-AKHLAK (e-learning)",
                                               mode=ActivityMode.NON_CLASSICAL, form=ActivityForm.E_LEARNING, jp=4,
                                               status=ActivityStatus.OPEN, created_by=hr)
    course = svc.course_save(actor=hr, activity=activity, data=svc.CourseInput(
        passing_score=70, max_attempts=3, questions_per_attempt=10, min_minutes=0))
    for n in range(3):
        svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(
            title=f"Bagian {n + 1}", kind=LessonKind.TEXT, body=f"Materi bagian {n + 1}.", minutes=15))
    for n in range(20):
        multiple = n % 3 == 0
        svc.question_save(actor=hr, course=course, data=svc.QuestionInput(
            text=f"Pertanyaan {n + 1}?", kind="multiple" if multiple else "single", choices=[
                svc.ChoiceInput("Jawaban A", True), svc.ChoiceInput("Jawaban B", multiple),
                svc.ChoiceInput("Jawaban C", False), svc.ChoiceInput("Jawaban D", False)]))
    course = svc.course_publish(actor=hr, course=course)
    learners = list(Employee.objects.filter(pemda=pemda, is_active=True, user__isnull=False,
                                            user__is_active=True).exclude(user=hr).order_by("pk")[:spec["learners"]])
    now = timezone.now()
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(pemda=pemda, activity=activity, employee=e, status=EnrolmentStatus.APPROVED, requested_by=hr,
                  decided_at=now) for e in learners)
    lesson_ids = list(course.lessons.values_list("pk", flat=True))
    CourseProgress.objects.bulk_create(
        CourseProgress(course=course, enrolment=en, employee_id=en.employee_id, started_at=now - timedelta(hours=1),
                       lessons_done=lesson_ids) for en in enrolments)
    tokens = []
    for employee in learners:
        raw = ApiToken.generate()
        ApiToken.objects.create(user_id=employee.user_id, name="quiz burst", key_hash=hash_token(raw),
                                prefix=raw[:8], scope="write")
        tokens.append(raw)
    correct = {str(q.public_id): sorted(c.pk for c in q.choices.all() if c.is_correct)
               for q in course.questions.prefetch_related("choices")}
    return {"course": str(course.public_id), "tokens": tokens, "correct": correct, "learners": len(learners)}


def inner_check(spec: dict) -> dict:
    from django.db.models import Count

    from pamong.development.choices import EnrolmentStatus, LearningSource
    from pamong.development.models import Course, Enrolment, LearningRecord, QuizAttempt

    course = Course.objects.get(public_id=spec["course"])
    attempts = QuizAttempt.objects.filter(progress__course=course)
    completed = Enrolment.objects.filter(activity=course.activity, status=EnrolmentStatus.COMPLETED)
    records = LearningRecord.objects.filter(source=LearningSource.COURSE, employee__in=completed.values("employee"))
    doubled = (attempts.values("progress").annotate(n=Count("pk")).filter(n__gt=1).count())
    return {"attempts": attempts.count(), "submitted": attempts.filter(submitted_at__isnull=False).count(),
            "completed": completed.count(), "records": records.count(), "learners_with_two_attempts": doubled}


def inner(task: str) -> None:
    import django

    django.setup()
    spec = json.loads(sys.stdin.read() or "{}")
    print(json.dumps({"setup": inner_setup, "check": inner_check}[task](spec), default=str))


# --- The burst ------------------------------------------------------------------------------------------------


def burst(port: int, setup: dict, threads: int) -> dict:
    """Every learner once: start an attempt, then submit it (even-numbered learners answer correctly)."""
    pending = list(reversed(list(enumerate(setup["tokens"]))))
    lock = threading.Lock()
    timings: dict[str, list[float]] = {"start": [], "submit": []}
    outcome = {"submit_ok": 0, "passed": 0, "completed": 0, "errors": 0, "samples": []}

    def call(conn, path: str, token: str, body: dict) -> tuple[int, dict]:
        conn.request("POST", path, body=json.dumps(body),
                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = conn.getresponse()
        content = response.read()
        try:
            return response.status, json.loads(content or b"{}")
        except ValueError:
            return response.status, {"raw": content[:200].decode("latin-1")}

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not pending:
                    break
                index, token = pending.pop()
            try:
                started = time.perf_counter()
                status, attempt = call(conn, f"{API}/courses/{setup['course']}/attempts", token, {})
                start_ms = (time.perf_counter() - started) * 1000
                if status not in (200, 201):
                    raise RuntimeError(f"start {status}: {attempt}")
                answers = {}
                for question in attempt["questions"]:
                    right = setup["correct"][question["id"]]
                    answers[question["id"]] = right if index % 2 == 0 else [question["choices"][0]["id"]]
                started = time.perf_counter()
                status, result = call(conn, f"{API}/attempts/{attempt['id']}/submit", token, {"answers": answers})
                submit_ms = (time.perf_counter() - started) * 1000
                if status != 200:
                    raise RuntimeError(f"submit {status}: {result}")
                with lock:
                    timings["start"].append(start_ms)
                    timings["submit"].append(submit_ms)
                    outcome["submit_ok"] += 1
                    outcome["passed"] += bool(result["passed"])
                    outcome["completed"] += bool(result["completed"])
            except (OSError, http.client.HTTPException, RuntimeError, KeyError, ValueError) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                with lock:
                    outcome["errors"] += 1
                    if len(outcome["samples"]) < 5:
                        outcome["samples"].append(str(exc)[:300])
        conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    requests = len(timings["start"]) + len(timings["submit"])
    return {**outcome, "seconds": elapsed, "requests": requests, "rps": requests / elapsed if elapsed else 0.0,
            **{f"{kind}_{stat}": value for kind, samples in timings.items() for stat, value in _stats(samples).items()}}


def _stats(samples: list[float]) -> dict:
    if not samples:
        return {"median_ms": 0.0, "p95_ms": 0.0}
    ordered = sorted(samples)
    return {"median_ms": statistics.median(ordered), "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)]}


def bench(learners: int, threads: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="pamong-quiz-burst-"))
    env = bench_env(tmp)
    server = None
    result: dict = {"learners_asked": learners, "threads": threads}
    try:
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        started = time.perf_counter()
        run([PYTHON, "manage.py", "seed_demo", "--employees", str(max(learners + 100, 300))], env)
        result["seed_s"] = time.perf_counter() - started
        setup = inner_call("setup", env, {"learners": learners})
        result["learners"] = setup["learners"]
        port = free_port()
        server = start_gunicorn(env, port, tmp / "app.log")
        result.update(burst(port, setup, threads))
        check = inner_call("check", env, {"course": setup["course"]})
        result["db"] = check
        result["lost"] = max(0, result["submit_ok"] - check["submitted"]) + abs(check["completed"] - check["records"])
    finally:
        stop(server)
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def markdown(r: dict) -> str:
    db = r["db"]
    lines = [
        f"# E-learning quiz burst: {r['learners']} learners", "",
        f"SQLite, production settings, gunicorn with 2 sync workers on 127.0.0.1; {r['threads']} client threads, "
        "each learner: POST /courses/{id}/attempts then POST /attempts/{id}/submit (half answer correctly and "
        "complete the course).", "",
        "| measure | value |", "| --- | ---: |",
        f"| learners | {r['learners']} |",
        f"| errors | {r['errors']} |",
        f"| lost attempts (200 without a stored submission; completions without exactly one JP record) | {r['lost']} |",
        f"| submits answered 200 / stored as submitted | {r['submit_ok']} / {db['submitted']} |",
        f"| attempts stored / learners with two attempts | {db['attempts']} / {db['learners_with_two_attempts']} |",
        f"| passed / completed (API) | {r['passed']} / {r['completed']} |",
        f"| enrolments completed / JP records | {db['completed']} / {db['records']} |",
        f"| requests / seconds / req/s | {r['requests']} / {r['seconds']:.1f} / {r['rps']:.0f} |",
        f"| start attempt median / p95 ms | {r['start_median_ms']:.0f} / {r['start_p95_ms']:.0f} |",
        f"| submit median / p95 ms | {r['submit_median_ms']:.0f} / {r['submit_p95_ms']:.0f} |",
    ]
    if r["samples"]:
        lines += ["", "Error samples:", *[f"- `{s}`" for s in r["samples"]]]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--threads", type=int, default=20)
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner)
        return
    result = bench(args.learners, args.threads)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = markdown(result)
    (RESULTS / "quiz-burst.md").write_text(text)
    (RESULTS / "quiz-burst.json").write_text(json.dumps(result, indent=1, default=str))
    print(text)
    if result["errors"] or result["lost"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
