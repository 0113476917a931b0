"""The KGBs granted so far move each employee's KGB cycle on (people's last_kgb_tmt and kgb_month, which the KGB due
list reads since people 0014)."""

from django.db import migrations
from django.db.models import Max

from pamong.people.rules import kgb_month, kgb_phase


def backfill(apps, schema_editor):
    Employee = apps.get_model("people", "Employee")
    PeriodicRaise = apps.get_model("mobility", "PeriodicRaise")
    latest = dict(PeriodicRaise.objects.values("employee_id").annotate(last=Max("tmt"))
                  .values_list("employee_id", "last"))
    changed = []
    for employee in Employee.objects.filter(pk__in=list(latest)).only("pk", "first_appointment_date", "rank_tmt"):
        employee.last_kgb_tmt = latest[employee.pk]
        employee.kgb_month = kgb_month(employee.first_appointment_date, employee.rank_tmt, employee.last_kgb_tmt)
        employee.kgb_phase = kgb_phase(employee.kgb_month)
        changed.append(employee)
    Employee.objects.bulk_update(changed, ["last_kgb_tmt", "kgb_month", "kgb_phase"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("mobility", "0005_decree_kinds"), ("people", "0014_employee_kp_period")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
