"""The KP period, the KGB cycle month and the DUK order as projections on the employee (with the TMT of the last
KGB granted, which mobility's migration 0006 fills), and the indexes the KP and KGB due lists and the DUK read
(issue #13: the lists at 50,000 employees)."""

from django.db import migrations, models

from pamong.people.rules import duk_key, kgb_month, kgb_phase, kp_period


def backfill(apps, schema_editor):
    Employee = apps.get_model("people", "Employee")
    fields = ("pk", "current_golongan__code", "current_golongan__rank", "rank_tmt", "current_position__kind",
              "current_position__grade", "first_appointment_date", "current_education", "birth_date", "name")
    batch = []
    for (pk, golongan, golongan_rank, rank_tmt, kind, grade, first_appointment, education, birth,
         name) in Employee.objects.values_list(*fields).iterator(2000):
        cycle = kgb_month(first_appointment, rank_tmt)
        batch.append(Employee(
            pk=pk, kp_period=kp_period(golongan, rank_tmt, kind), kgb_month=cycle, kgb_phase=kgb_phase(cycle),
            duk_key=duk_key(golongan_rank=golongan_rank, rank_tmt=rank_tmt, position_kind=kind, position_grade=grade,
                            first_appointment=first_appointment, education=education, birth_date=birth, name=name),
        ))
        if len(batch) >= 2000:
            Employee.objects.bulk_update(batch, ["kp_period", "kgb_month", "kgb_phase", "duk_key"])
            batch = []
    Employee.objects.bulk_update(batch, ["kp_period", "kgb_month", "kgb_phase", "duk_key"])


class Migration(migrations.Migration):
    dependencies = [("people", "0013_employee_rank_tmt")]

    operations = [
        migrations.AddField(
            model_name="employee", name="kp_period",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="KP period"),
        ),
        migrations.AddField(
            model_name="employee", name="kgb_month",
            field=models.IntegerField(blank=True, editable=False, null=True, verbose_name="KGB cycle month"),
        ),
        migrations.AddField(
            model_name="employee", name="kgb_phase",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True,
                                                   verbose_name="KGB cycle phase"),
        ),
        migrations.AddField(
            model_name="employee", name="last_kgb_tmt",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="TMT of the last KGB"),
        ),
        migrations.AddField(
            model_name="employee", name="duk_key",
            field=models.CharField(blank=True, editable=False, max_length=180, verbose_name="DUK order"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["pemda", "kp_period", "name", "id", "is_active", "status", "current_unit"],
                               name="employee_kp_due"),
        ),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["pemda", "kgb_phase", "name", "id", "is_active", "status", "kgb_month",
                                       "current_unit"],
                               name="employee_kgb_due"),
        ),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["pemda", "duk_key", "id", "is_active", "status", "current_unit"],
                               name="employee_duk"),
        ),
    ]
