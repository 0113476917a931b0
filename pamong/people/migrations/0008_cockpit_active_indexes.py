"""Two indexes over the active employees for the cockpit (bench/daily_bench.py at 50,000 employees).

- employee_position_holder (current_position, is_active): "is this position
  held by an active employee?" is answered from the index alone (the
  cockpit's vacancies per OPD: 10 ms → 3 ms; also the vacant filter of the
  positions list and the holder counts of the services). Not partial: SQLite
  prefers it to the plain current_position index because it covers the
  question, even before ANALYZE has seen it.
- employee_active_retirement (pemda, retirement_date) WHERE is_active: the
  retirements of the next years without a lookup of every row in the range
  (7 ms → under 1 ms).

Database only: the indexes are not (yet) declared in Employee.Meta.indexes,
whose file this change does not own, so the model state is left as it is and
makemigrations finds nothing to do. To declare them there later, add the two
models.Index(...) below to Employee.Meta.indexes and a migration with
SeparateDatabaseAndState(state_operations=[AddIndex(...), AddIndex(...)]) (no
database operation: the indexes exist).
"""

from django.db import migrations, models

POSITION_HOLDER = models.Index(fields=["current_position", "is_active"], name="employee_position_holder")
ACTIVE_RETIREMENT = models.Index(fields=["pemda", "retirement_date"], condition=models.Q(is_active=True),
                                 name="employee_active_retirement")


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0007_cockpit_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddIndex(model_name="employee", index=POSITION_HOLDER),
                migrations.AddIndex(model_name="employee", index=ACTIVE_RETIREMENT),
            ],
            state_operations=[],
        ),
    ]
