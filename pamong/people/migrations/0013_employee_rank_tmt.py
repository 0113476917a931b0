"""TMT golongan as a projection on the employee, and the index covering the BKPSDM's lists (issue #13: the lists
at 50,000 employees)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone


def backfill(apps, schema_editor):
    Employee = apps.get_model("people", "Employee")
    RankHistory = apps.get_model("people", "RankHistory")
    latest = (RankHistory.objects.filter(employee=OuterRef("pk"), effective_date__lte=timezone.localdate())
              .order_by("-effective_date", "-pk").values("effective_date")[:1])
    Employee.objects.update(rank_tmt=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [("people", "0012_employee_by_unit_covers_service")]

    operations = [
        migrations.AddField(
            model_name="employee", name="rank_tmt",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="TMT golongan"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="employee",
            index=models.Index(fields=["pemda", "current_unit", "is_active", "status", "current_golongan", "rank_tmt",
                                       "current_position", "first_appointment_date", "current_education",
                                       "birth_date", "name", "retirement_date"], name="employee_lists"),
        ),
    ]
