"""The survey demo of the demo kabupaten (issue #14): three service points — the Disdukcapil front office, a
Puskesmas and a school — with last semester's questionnaires (closed) and this semester's so far, online through
the public page's service and a stack of paper forms through HR's batch entry, so the results, the trend and the
weakest unsur read like a real agency's. Each point has its own strengths: the Puskesmas' queue (U3) and the
Disdukcapil's complaint handling (U8) are the weak spots a unit head would act on."""

import random
import secrets
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from pamong.people.choices import UnitKind
from pamong.people.models import OrgUnit, Pemda

from . import rules, services
from .choices import AgeBand, RespondentEducation, RespondentGender, RespondentOccupation
from .models import ServicePoint, SurveyPeriod
from .selectors import agency_zone

# point name, unit kind (or name) to find, yearly users, mean answer per unsur (U1…U9), comments
POINTS = (
    ("Loket Pelayanan Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", 6000,
     (3.3, 3.1, 3.0, 3.9, 3.3, 3.2, 3.4, 2.6, 3.0),
     ("KTP selesai hari itu juga, terima kasih.", "Kotak saran tidak pernah dibuka.",
      "Antrean pagi panjang, mohon tambah loket.")),
    ("Pendaftaran Puskesmas", UnitKind.PUSKESMAS, 9000,
     (3.2, 3.2, 2.4, 3.8, 3.1, 3.3, 3.5, 3.0, 2.9),
     ("Menunggu dokter lebih dari dua jam.", "Perawatnya ramah sekali.", "Ruang tunggu panas, kipas rusak.")),
    ("Tata Usaha Sekolah", UnitKind.SCHOOL, 800,
     (3.5, 3.4, 3.4, 3.9, 3.5, 3.6, 3.7, 3.3, 3.2),
     ("Legalisir ijazah cepat.", "Mohon informasi PPDB diumumkan lebih awal.")),
)
PROFILE_CHOICES = {"gender": RespondentGender.values, "age_band": AgeBand.values,
                   "education": RespondentEducation.values, "occupation": RespondentOccupation.values}


def _unit(pemda: Pemda, wanted) -> OrgUnit | None:
    units = OrgUnit.objects.filter(pemda=pemda, is_active=True).order_by("path")
    found = units.filter(kind=wanted).first() if wanted in UnitKind.values else units.filter(name=wanted).first()
    return found or units.filter(parent__isnull=False).first()


def _answer(rng: random.Random, mean: float) -> int:
    return max(rules.ANSWER_MIN, min(rules.ANSWER_MAX, round(rng.gauss(mean, 0.55))))


def _profile(rng: random.Random) -> services.RespondentProfile:
    picked = {field: (rng.choice(values) if rng.random() < 0.8 else "") for field, values in PROFILE_CHOICES.items()}
    return services.RespondentProfile(**picked)


def _moment(pemda: Pemda, day: date, rng: random.Random) -> datetime:
    local = datetime.combine(day, time(8, 0)) + timedelta(minutes=rng.randrange(0, 7 * 60))
    return timezone.make_aware(local, agency_zone(pemda))


def _semester(day: date) -> tuple[date, date]:
    return (date(day.year, 1, 1), date(day.year, 6, 30)) if day.month <= 6 else (date(day.year, 7, 1),
                                                                                 date(day.year, 12, 31))


def seed_feedback(pemda: Pemda, hr, *, seed: int = 1, per_point: int = 240) -> dict:
    """Seed the survey of *pemda* once (nothing when it has service points); *hr* is the agency's HR admin."""
    if ServicePoint.objects.filter(pemda=pemda).exists():
        return {}
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    today = timezone.localdate()
    start, end = _semester(today)
    last_start, last_end = _semester(start - timedelta(days=1))
    last = services.period_create(actor=hr, pemda=pemda, name=_period_name(last_start), start_date=last_start,
                                  end_date=last_end)
    current = SurveyPeriod.objects.filter(pemda=pemda, start_date=start).first() or services.period_create(
        actor=hr, pemda=pemda, name=_period_name(start), start_date=start, end_date=end)
    counts = {}
    for name, wanted, users, means, comments in POINTS:
        unit = _unit(pemda, wanted)
        if unit is None:
            continue
        point = services.service_point_create(actor=hr, org_unit=unit, name=name, yearly_users=users,
                                              description="Survei Kepuasan Masyarakat (demo)")
        written = 0
        for period_start, period_end, lift in ((last_start, last_end, -0.15), (start, min(end, today), 0.0)):
            days = (period_end - period_start).days + 1
            for index in range(per_point):
                day = period_start + timedelta(days=rng.randrange(days))
                answers = {code: _answer(rng, mean + lift) for code, mean in zip(rules.UNSUR_CODES, means,
                                                                                 strict=True)}
                comment = rng.choice(comments) if index % 9 == 0 else ""
                services.response_submit(point_code=point.code, answers=answers, profile=_profile(rng),
                                         comment=comment, device_key=secrets.token_urlsafe(18),
                                         now=_moment(pemda, day, rng))
                written += 1
        # A stack of paper questionnaires typed in by HR (some left an unsur blank).
        rows = [services.PaperRow(answers={code: (None if rng.random() < 0.05 else _answer(rng, mean))
                                           for code, mean in zip(rules.UNSUR_CODES, means, strict=True)},
                                  profile=_profile(rng)) for _ in range(20)]
        services.paper_responses_enter(actor=hr, point=point, period=current, rows=rows)
        counts[name] = written + len(rows)
    services.period_close(actor=hr, period=last)
    return counts


def _period_name(start: date) -> str:
    return f"Semester {'I' if start.month == 1 else 'II'} {start.year}"
