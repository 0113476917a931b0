"""Issue an API bearer token for a user; the raw token is printed once and never stored."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pamong.accounts.services import api_token_create
from pamong.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME (an active login) and print it once. "
        "Only its SHA-256 is stored: a lost token is revoked and re-issued, never recovered."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="What the token is for (shown in the token list).")
        parser.add_argument("--days", type=int, default=None, help="Expire after N days (default: no expiry).")

    def handle(self, *args, username: str, name: str, days: int | None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; a token would not authenticate.")
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        try:
            # actor=None: the operator at the console (audited as "system").
            token, raw = api_token_create(actor=None, user=user, name=name, expires_at=expires_at)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(f"Token {token.prefix}… for {user.get_username()}; it is shown only once:")
        self.stdout.write(raw)
