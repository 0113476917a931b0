"""Print the current TOTP code of a user's device. Demo convenience only."""

import os
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from pamong.accounts.mfa import confirmed_totp_device


class Command(BaseCommand):
    help = (
        "Print the current 6-digit TOTP code of USERNAME's confirmed device, so a demo can be "
        "run without a phone. Refuses to run unless DEBUG is on or PAMONG_DEMO=1."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not (settings.DEBUG or os.environ.get("PAMONG_DEMO") == "1"):
            raise CommandError("demo_otp is a demo convenience: it runs only with DEBUG=True or PAMONG_DEMO=1.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        device = confirmed_totp_device(user)
        if device is None:
            raise CommandError(f"{username!r} has no confirmed TOTP device; set one up at /accounts/mfa/setup/.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        code = f"{totp.token():0{device.digits}d}"
        remaining = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(code)
        self.stderr.write(f"valid for about {remaining} more seconds; each code can be used once.")
