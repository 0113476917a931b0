"""Two indexes over the active employees for the cockpit (bench/daily_bench.py at 50,000 employees).

- employee_position_holder (current_position, is_active): "is this position
  held by an active employee?" is answered from the index alone (the
  cockpit's vacancies per OPD: 10 ms → 3 ms; also the vacant filter of the
  positions list and the holder counts of the services). Not partial: SQLite
  prefers it to the plain current_position index because it covers the
  question, even before ANALYZE has seen it.
- employee_retirement_active (retirement_date, pemda, is_active): the
  retirements of the next years without a lookup of every row in the range
  (7 ms → under 1 ms).

Neither starts with pemda, nor is partial on is_active: an index that does
looks, to SQLite's planner before ANALYZE has measured it, like the best way
into every "active employees of the agency" query (one such query of the
menu took 156 ms instead of 1 ms).

"""

from django.db import migrations, models

POSITION_HOLDER = models.Index(fields=["current_position", "is_active"], name="employee_position_holder")
RETIREMENT_ACTIVE = models.Index(fields=["retirement_date", "pemda", "is_active"], name="employee_retirement_active")


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0007_cockpit_indexes"),
    ]

    operations = [
        migrations.AddIndex(model_name="employee", index=POSITION_HOLDER),
        migrations.AddIndex(model_name="employee", index=RETIREMENT_ACTIVE),
    ]
