"""Numbered letters: per-agency numbering schemes, their yearly counters and the register of issued letters."""

import secrets

from django.db import models
from django.db.models import PROTECT, Q
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel
from pamong.people.models import Pemda


class LetterKind(models.TextChoices):
    LEAVE_PERMIT = "leave_permit", _("Leave letter (surat izin cuti)")
    SKP = "skp", _("Performance plan (SKP)")
    EVALUATION = "evaluation", _("Performance evaluation")
    DISCIPLINE_SUMMONS = "disc_summons", _("Disciplinary summons (surat panggilan)")
    DISCIPLINE_BAP = "disc_bap", _("Examination record (BAP)")
    DISCIPLINE_DECISION = "disc_decision", _("Disciplinary decision")
    MUTATION_DECREE = "mutation", _("Mutation decree (SK mutasi)")
    PROMOTION_DECREE = "kp", _("Promotion decree (SK kenaikan pangkat)")
    PERIODIC_RAISE = "kgb", _("Periodic raise notice (KGB)")
    GENERIC = "generic", _("Other letters")


def new_verification_token() -> str:
    """An unguessable token for the public verification page (192 random bits)."""
    return secrets.token_urlsafe(24)


class LetterScheme(PublicIdModel):
    """How an agency numbers one kind of letter. At most one active scheme per kind and agency."""

    pemda = models.ForeignKey(Pemda, on_delete=PROTECT, related_name="letter_schemes")
    kind = models.CharField(_("kind of letter"), max_length=16, choices=LetterKind.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)
    pattern = models.CharField(_("numbering pattern"), max_length=120)
    issuer = models.CharField(_("signing office"), max_length=200, blank=True,
                              help_text=_("Shown on the verification page, e.g. BKPSDM."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["pemda", "kind", "-active", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "kind"], condition=Q(active=True),
                                    name="letters_one_active_scheme_per_kind"),
        ]
        permissions = [("manage_letters", "Can configure letter numbering"),
                       ("view_letters", "Can read the register of issued letters")]
        verbose_name = _("letter numbering scheme")
        verbose_name_plural = _("letter numbering schemes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.pattern}"


class LetterCounter(models.Model):
    """The last running number given under a scheme in one year. Locked row: numbers are never reused."""

    scheme = models.ForeignKey(LetterScheme, on_delete=PROTECT, related_name="counters")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scheme", "year"], name="letters_one_counter_per_year")]

    def __str__(self) -> str:
        return f"{self.scheme_id}/{self.year}: {self.last}"


class IssuedLetter(PublicIdModel):
    """One numbered letter, issued once per document (downloading it again shows the same number)."""

    pemda = models.ForeignKey(Pemda, on_delete=PROTECT, related_name="issued_letters")
    scheme = models.ForeignKey(LetterScheme, on_delete=PROTECT, related_name="letters")
    kind = models.CharField(_("kind of letter"), max_length=16, choices=LetterKind.choices)
    number = models.CharField(_("number"), max_length=160)
    year = models.PositiveIntegerField()
    seq = models.PositiveIntegerField()
    issued_at = models.DateTimeField(_("issued"))
    issued_on = models.DateField(_("letter date"))
    subject = models.CharField(_("subject"), max_length=200)
    issuer_label = models.CharField(_("issuer"), max_length=300)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    verification_token = models.CharField(max_length=64, unique=True, default=new_verification_token,
                                          editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id", "kind"], name="letters_one_letter_per_document"),
            models.UniqueConstraint(fields=["scheme", "year", "seq"], name="letters_number_never_reused"),
        ]
        verbose_name = _("issued letter")
        verbose_name_plural = _("issued letters")

    def __str__(self) -> str:
        return self.number
