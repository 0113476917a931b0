# Mobility: mutation proposals and their decisions (helper D). Filled by hand from `makemigrations mobility --dry-run -v 3` (only this sub-domain's models).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("mobility", "0001_initial"),
    ]

    operations = []
