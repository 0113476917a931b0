# API tokens get a scope (read/write) and a mandatory expiry; HR admins get a
# permission to list and revoke the tokens of their agency's users.

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

import pamong.accounts.models

# Tokens issued before scopes existed could do everything their user may: they keep
# "write" so running integrations do not break. Those without an expiry get one
# (30 days, within every role's limit), after which their owners issue new ones.
EXISTING_TOKENS_EXPIRE_AFTER = timedelta(days=30)


def expire_existing_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(expires_at=timezone.now() + EXISTING_TOKENS_EXPIRE_AFTER)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_account_codes_mfa_reset"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="apitoken",
            options={
                "ordering": ["-created_at", "-pk"],
                "permissions": [("manage_agency_tokens", "Can list and revoke the API tokens of the agency's users")],
            },
        ),
        # Existing rows get "write" from the column default; new tokens default to "read".
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="write",
                max_length=8,
                verbose_name="scope",
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="read",
                max_length=8,
                verbose_name="scope",
            ),
        ),
        migrations.RunPython(expire_existing_tokens, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=pamong.accounts.models.default_token_expiry, verbose_name="expires"),
        ),
    ]
