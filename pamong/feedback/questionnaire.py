"""The wording of the online questionnaire: one question and four answers per unsur, answer 1 the least satisfied
and 4 the most (PermenPANRB 14/2017 Lampiran III, the form most Pemda print; rules.md §4: the 1–4 scale [V-SEC],
the wording per unsur [U]). English msgids; the Indonesian of the form is their translation."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import rules


@dataclass(frozen=True, slots=True)
class Question:
    code: str
    text: str | Promise
    options: tuple[str | Promise, str | Promise, str | Promise, str | Promise]  # answers 1, 2, 3, 4

    @property
    def unsur(self) -> rules.Unsur:
        return rules.UNSUR_BY_CODE[self.code]

    @property
    def choices(self) -> list[tuple[int, str | Promise]]:
        return list(zip(rules.ANSWER_VALUES, self.options, strict=True))


QUESTIONS: tuple[Question, ...] = (
    Question("U1", _("How well do the requirements of the service fit the kind of service?"),
             (_("Not suitable"), _("Less suitable"), _("Suitable"), _("Very suitable"))),
    Question("U2", _("How easy is the procedure of the service in this unit?"),
             (_("Not easy"), _("Less easy"), _("Easy"), _("Very easy"))),
    Question("U3", _("How fast was the service given?"),
             (_("Not fast"), _("Less fast"), _("Fast"), _("Very fast"))),
    Question("U4", _("How reasonable is the cost or fee of the service?"),
             (_("Very expensive"), _("Quite expensive"), _("Cheap"), _("Free"))),
    Question("U5", _("How well does what you received match the product listed in the service standard?"),
             (_("Not suitable"), _("Less suitable"), _("Suitable"), _("Very suitable"))),
    Question("U6", _("How competent were the officers who served you?"),
             (_("Not competent"), _("Less competent"), _("Competent"), _("Very competent"))),
    Question("U7", _("How polite and friendly were the officers who served you?"),
             (_("Not polite and friendly"), _("Less polite and friendly"), _("Polite and friendly"),
              _("Very polite and friendly"))),
    Question("U8", _("How are complaints, suggestions and feedback of service users handled?"),
             (_("There is no way to complain"), _("There is one but it does not work"),
              _("It works but not fully"), _("Handled well"))),
    Question("U9", _("How good are the facilities and infrastructure?"),
             (_("Poor"), _("Fair"), _("Good"), _("Very good"))),
)

assert tuple(question.code for question in QUESTIONS) == rules.UNSUR_CODES
