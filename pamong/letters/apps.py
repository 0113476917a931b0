from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LettersConfig(AppConfig):
    name = "pamong.letters"
    label = "letters"
    verbose_name = "Letters"

    def ready(self) -> None:
        from pamong.accounts.roles import Role
        from pamong.people.roles import ensure_role_groups, register_role_permissions

        from . import audit  # noqa: F401 - registers the audit labels
        from .capabilities import LettersPerm

        register_role_permissions({Role.HR_ADMIN: (LettersPerm.MANAGE_LETTERS,),
                                   Role.AUDITOR: (LettersPerm.VIEW_LETTERS,),
                                   Role.EXECUTIVE: (LettersPerm.VIEW_LETTERS,)})
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="pamong_role_groups_letters")
