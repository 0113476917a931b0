"""Discipline's part of an employee's personal-data archive (UU 27/2022 Pasal 7): the cases about them with their
summonses, examination and objections; cases where they took part as Plh, examiner or deciding official are listed
by reference only (they are another person's data). Registered from registrations.register()."""

from pamong.people.personal_data import register_personal_data_source, row, rows

from .models import Case, Examination


def _discipline(employee) -> dict:
    own = []
    for case in (Case.objects.filter(employee=employee).select_related("pemda", "org_unit", "position")
                 .prefetch_related("summonses", "objections").order_by("reported_on", "pk")):
        item = row(case, exclude=("reported_by", "decided_by_user", "plh", "decided_by", "source"))
        item["summonses"] = rows(case.summonses.all(), exclude=("issued_by",))
        examination = Examination.objects.filter(case=case).first()
        item["examination"] = row(examination, exclude=("recorded_by",)) if examination else None
        item["objections"] = rows(case.objections.all(), exclude=("decided_by",))
        own.append(item)
    took_part = [
        {"case": str(case.public_id), "role": role}
        for case, role in (
            [(case, "plh") for case in Case.objects.filter(plh=employee)]
            + [(case, "examiner") for case in Case.objects.filter(examiners=employee)]
            + [(case, "deciding_official") for case in Case.objects.filter(decided_by=employee)]
        )
    ]
    return {"cases": own, "took_part_in": took_part}


def register() -> None:
    register_personal_data_source("discipline", build=_discipline, models=(
        "discipline.case", "discipline.summons", "discipline.examination", "discipline.objection"))
