"""Revoke a user's API tokens when what they were issued under changes.

A password change, a deactivation (``is_active`` False, e.g. people's
employee_deactivate) and any change of roles (group or permission
membership, ``is_staff``, ``is_superuser``) revoke every unrevoked token of
the user, audited. Signals rather than calls in each service, so every path
is covered: services, the Django admin, management commands, the reset flow.
Services that know the actor revoke first themselves (password_change);
the signal then finds nothing left.
"""

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from .models import User
from .services import TokenRevocation, api_tokens_revoke_all

_WATCHED = ("password", "is_active", "is_staff", "is_superuser")
_OLD = "_pamong_token_watch"
_CLEARED = "_pamong_cleared_user_ids"


@receiver(pre_save, sender=User, dispatch_uid="pamong_token_watch_before")
def _remember_old_values(sender, instance: User, update_fields=None, raw=False, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(_WATCHED):
        return  # e.g. the last_login update at every sign-in
    setattr(instance, _OLD, User.objects.filter(pk=instance.pk).values(*_WATCHED).first())


def _reason(old: dict, user: User) -> TokenRevocation | None:
    if old["is_active"] and not user.is_active:
        return TokenRevocation.DEACTIVATED
    if old["is_staff"] != user.is_staff or old["is_superuser"] != user.is_superuser:
        return TokenRevocation.ROLES_CHANGED
    if old["password"] != user.password:
        return TokenRevocation.PASSWORD_CHANGED
    return None


@receiver(post_save, sender=User, dispatch_uid="pamong_token_watch_after")
def _revoke_on_change(sender, instance: User, created=False, raw=False, **kwargs) -> None:
    old = instance.__dict__.pop(_OLD, None)
    if raw or created or old is None:
        return
    reason = _reason(old, instance)
    if reason is not None:
        api_tokens_revoke_all(actor=None, user=instance, reason=reason)


def _revoke_for_roles(user_ids) -> None:
    for user in User.objects.filter(pk__in=list(user_ids or ())):
        api_tokens_revoke_all(actor=None, user=user, reason=TokenRevocation.ROLES_CHANGED)


def _members(through, instance, reverse: bool, pk_set=None) -> list[int]:
    """The ids of users whose membership rows for *instance* (limited to *pk_set*) exist right now."""
    other = "group_id" if through is User.groups.through else "permission_id"
    rows = through.objects.all()
    if reverse:  # group.user_set.…(): instance is the group or permission, pk_set are user ids
        rows = rows.filter(**{other: instance.pk})
        if pk_set is not None:
            rows = rows.filter(user_id__in=pk_set)
    else:  # user.groups.…(): instance is the user, pk_set are group or permission ids
        rows = rows.filter(user_id=instance.pk)
        if pk_set is not None:
            rows = rows.filter(**{f"{other}__in": pk_set})
    return list(rows.values_list("user_id", flat=True).distinct())


def _membership_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    # remove() and clear() name rows that may not exist; only users who really lose a role count.
    # Who they are is known before the rows go (pre_*), and acted on after (post_*).
    if action == "pre_clear":
        instance.__dict__[_CLEARED] = _members(sender, instance, reverse)
    elif action == "pre_remove":
        instance.__dict__[_CLEARED] = _members(sender, instance, reverse, pk_set)
    elif action in ("post_clear", "post_remove"):
        _revoke_for_roles(instance.__dict__.pop(_CLEARED, ()))
    elif action == "post_add" and pk_set:
        # add() reports only the rows it actually inserted.
        _revoke_for_roles(pk_set if reverse else [instance.pk])


for _through, _uid in ((User.groups.through, "groups"), (User.user_permissions.through, "permissions")):
    m2m_changed.connect(_membership_changed, sender=_through, dispatch_uid=f"pamong_token_roles_{_uid}")
