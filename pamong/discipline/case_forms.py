"""HTML input of the discipline case pages → typed values (shape only; services.cases decides)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm, DateInput
from pamong.people.models import Employee

from .choices import CaseStatus, ExaminationMode, Level, ObjectionStatus, Sanction, SummonsOutcome, ViolationKind
from .selectors.cases import CaseFilters
from .services.cases import CaseInput, ExaminationInput


class NipField(forms.CharField):
    """An employee by NIP, among *employees* (set by the form)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=18, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


def _employee(employees, nip: str) -> Employee:
    found = employees.filter(nip=(nip or "").replace(" ", ""), is_active=True).first()
    if found is None:
        raise forms.ValidationError(_("No active employee of the agency has this NIP."))
    return found


class CaseFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Employee (name or NIP)"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *CaseStatus.choices])
    kind = forms.ChoiceField(label=_("Violation"), required=False,
                             choices=[("", _("All violations")), *ViolationKind.choices])

    def to_filters(self) -> CaseFilters:
        data = self.cleaned_data
        return CaseFilters(status=data.get("status") or "", kind=data.get("kind") or "", q=(data.get("q") or "").strip())


class CaseOpenForm(BootstrapForm):
    nip = NipField(label=_("NIP of the employee"))
    kind = forms.ChoiceField(label=_("Violation"), choices=ViolationKind.choices)
    description = forms.CharField(label=_("What happened"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    occurred_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    occurred_to = forms.DateField(label=_("Until"), required=False, widget=DateInput)

    def __init__(self, *args, employees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees

    def clean_nip(self) -> Employee:
        return _employee(self.employees, self.cleaned_data["nip"])

    def to_input(self) -> CaseInput:
        data = self.cleaned_data
        return CaseInput(kind=data["kind"], description=data["description"], occurred_from=data.get("occurred_from"),
                         occurred_to=data.get("occurred_to"))


class AbsenceOpenForm(BootstrapForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2200)


class SummonsForm(BootstrapForm):
    issued_on = forms.DateField(label=_("Summons date"), widget=DateInput)
    examination_on = forms.DateField(label=_("Examination date"), widget=DateInput)
    place = forms.CharField(label=_("Place or link"), max_length=200)


class OutcomeForm(BootstrapForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[(SummonsOutcome.ATTENDED, SummonsOutcome.ATTENDED.label),
                                                             (SummonsOutcome.ABSENT, SummonsOutcome.ABSENT.label)],
                                widget=forms.RadioSelect)


class ExaminationForm(BootstrapForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    mode = forms.ChoiceField(label=_("Mode"), choices=ExaminationMode.choices)
    questions_answers = forms.CharField(label=_("Questions and answers (BAP)"), max_length=20000,
                                        widget=forms.Textarea(attrs={"rows": 6}))
    findings = forms.CharField(label=_("Findings"), max_length=8000, widget=forms.Textarea(attrs={"rows": 3}))
    examinee_signed = forms.BooleanField(label=_("The examinee signed the BAP"), required=False, initial=True,
                                         help_text=_("A refusal to sign does not stop the decision."))
    expected_level = forms.ChoiceField(label=_("Possible sanction level"), required=False,
                                       choices=[("", _("Not yet known")), *Level.choices],
                                       help_text=_("Berat needs a Tim Pemeriksa (PP 94/2021 Pasal 27)."))
    examiners = forms.CharField(label=_("Tim Pemeriksa (NIPs, separated by commas)"), required=False,
                                max_length=400, help_text=_("The atasan langsung, a member of the Inspektorat and "
                                                            "one of HR, none lower in rank than the examinee."))

    def __init__(self, *args, employees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees

    def clean_examiners(self) -> list[Employee]:
        nips = [n.strip() for n in (self.cleaned_data.get("examiners") or "").replace(";", ",").split(",") if n.strip()]
        return [_employee(self.employees, nip) for nip in nips]

    def to_input(self) -> ExaminationInput:
        return examination_input(self.cleaned_data)


def examination_input(data: dict) -> ExaminationInput:
    return ExaminationInput(held_on=data["held_on"], mode=data["mode"], questions_answers=data["questions_answers"],
                            findings=data["findings"], examinee_signed=data["examinee_signed"],
                            expected_level=data.get("expected_level") or "", examiners=tuple(data["examiners"]))


class ReleaseForm(BootstrapForm):
    release_from = forms.DateField(label=_("Released from"), widget=DateInput)
    plh = NipField(label=_("NIP of the Plh"))

    def __init__(self, *args, employees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees

    def clean_plh(self) -> Employee:
        return _employee(self.employees, self.cleaned_data["plh"])


class DecisionForm(BootstrapForm):
    sanction = forms.ChoiceField(label=_("Sanction"), choices=())
    reason = forms.CharField(label=_("Grounds"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput)

    def __init__(self, *args, sanctions: list[str], **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("decided_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["sanction"].choices = [(code, Sanction(code).label) for code in sanctions]


class DeliveryForm(BootstrapForm):
    delivered_on = forms.DateField(label=_("Received on"), widget=DateInput)
    in_absence = forms.BooleanField(label=_("The employee was absent: the decision was sent"), required=False)


class ObjectionForm(BootstrapForm):
    filed_on = forms.DateField(label=_("Filed on"), widget=DateInput)
    text = forms.CharField(label=_("Grounds"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionDecideForm(BootstrapForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        (c, label) for c, label in ObjectionStatus.choices if c != ObjectionStatus.PENDING])
    new_sanction = forms.ChoiceField(label=_("New sanction (when changed)"), required=False, choices=())
    reason = forms.CharField(label=_("Grounds"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sanctions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_sanction"].choices = [("", "—"), *[(code, Sanction(code).label) for code in sanctions]]


class CloseForm(BootstrapForm):
    reason = forms.CharField(label=_("Why is the case closed without sanction?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AuthorityForm(BootstrapForm):
    nip = NipField(label=_("NIP of the employee"))
    sanction = forms.ChoiceField(label=_("Sanction"), choices=Sanction.choices)

    def __init__(self, *args, employees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees

    def clean_nip(self) -> Employee:
        return _employee(self.employees, self.cleaned_data["nip"])
