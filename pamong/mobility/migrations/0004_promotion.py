# Mobility: kenaikan pangkat and KGB proposals (helper F). Filled by hand from `makemigrations mobility --dry-run -v 3` (only this sub-domain's models).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("mobility", "0003_talent"),
    ]

    operations = []
