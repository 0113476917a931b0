"""Issue an API bearer token for a user; the raw token is printed once and never stored."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from pamong.accounts.models import TokenScope
from pamong.accounts.services import api_token_create, token_default_days, token_max_days
from pamong.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME (an active login) and print it once. "
        "Only its SHA-256 is stored: a lost token is revoked and re-issued, never recovered."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="What the token is for (shown in the token list).")
        parser.add_argument(
            "--scope",
            choices=TokenScope.values,
            default=TokenScope.READ.value,
            help="read: GET only (default); write: everything the user may do.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Expire after N days (default PAMONG_API_TOKEN_DEFAULT_DAYS, 90; at most 30 for roles that need MFA).",
        )

    def handle(self, *args, username: str, name: str, scope: str, days: int | None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive; a token would not authenticate.")
        longest = token_max_days(user)
        if days is not None and not 1 <= days <= longest:
            raise CommandError(f"--days must be between 1 and {longest} for {username!r}.")
        try:
            # actor=None: the operator at the console (audited as "system").
            token, raw = api_token_create(actor=None, user=user, name=name, scope=scope, days=days)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Token {token.prefix}… ({token.scope}) for {user.get_username()}, valid until "
            f"{token.expires_at:%Y-%m-%d %H:%M %Z} ({days or token_default_days(user)} days); it is shown only once:"
        )
        self.stdout.write(raw)
