"""Seed the official golongan table (rules.md §9.2 [V-SEC]); HR can extend it in the admin."""

from django.db import migrations

from pamong.people.rules import PNS_GOLONGAN, PPPK_GOLONGAN


def seed(apps, schema_editor):
    Golongan = apps.get_model("people", "Golongan")
    for rank, (code, pangkat) in enumerate(PNS_GOLONGAN, start=1):
        Golongan.objects.update_or_create(code=code, defaults={"pangkat": pangkat, "kind": "pns", "rank": rank})
    for rank, code in enumerate(PPPK_GOLONGAN, start=1):
        Golongan.objects.update_or_create(code=code, defaults={"pangkat": "", "kind": "pppk", "rank": rank})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
