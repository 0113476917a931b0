"""HTML forms of the e-learning pages (the services check the rules; the forms only parse)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm

from .choices import LessonKind, QuestionKind
from .services.elearning import MAX_CHOICES, ChoiceInput, CourseInput, LessonInput, QuestionInput


class CourseForm(BootstrapForm):
    passing_score = forms.IntegerField(label=_("Passing score (0–100)"), min_value=0, max_value=100, initial=70)
    max_attempts = forms.IntegerField(label=_("Attempts allowed"), min_value=1, max_value=100, initial=3)
    questions_per_attempt = forms.IntegerField(label=_("Questions per attempt"), min_value=1, max_value=200,
                                               initial=10)
    min_minutes = forms.IntegerField(label=_("Minimum study time (minutes)"), min_value=0, max_value=100_000,
                                     initial=0)

    def to_input(self) -> CourseInput:
        return CourseInput(**self.cleaned_data)


class LessonForm(BootstrapForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=LessonKind.choices)
    body = forms.CharField(label=_("Text (plain text; line breaks are kept)"), required=False, max_length=50_000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    url = forms.CharField(label=_("Link (http:// or https://)"), required=False, max_length=500)
    file = forms.FileField(label=_("File (PDF, or MP4/WebM video)"), required=False)
    minutes = forms.IntegerField(label=_("Study minutes"), min_value=0, max_value=10_000, initial=0)

    def to_input(self) -> LessonInput:
        data = self.cleaned_data
        upload = data.get("file")
        return LessonInput(title=data["title"], kind=data["kind"], body=data.get("body") or "",
                           url=data.get("url") or "", minutes=data["minutes"],
                           file_name=upload.name if upload else "", file_content=upload.read() if upload else None)


class QuestionForm(BootstrapForm):
    text = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, question=None, **kwargs) -> None:
        initial = kwargs.setdefault("initial", {})
        existing = list(question.choices.all()) if question is not None else []
        if question is not None:
            initial.update({"text": question.text, "kind": question.kind, "is_active": question.is_active})
        super().__init__(*args, **kwargs)
        for n in range(1, MAX_CHOICES + 1):
            choice = existing[n - 1] if n <= len(existing) else None
            self.fields[f"choice_{n}"] = forms.CharField(label=_("Answer %(n)d") % {"n": n}, required=False,
                                                         max_length=500, initial=choice.text if choice else "")
            self.fields[f"correct_{n}"] = forms.BooleanField(label=_("Correct"), required=False,
                                                             initial=choice.is_correct if choice else False)
            self.fields[f"id_{n}"] = forms.IntegerField(required=False, widget=forms.HiddenInput,
                                                        initial=choice.pk if choice else None)
        self.choice_rows = [(self[f"choice_{n}"], self[f"correct_{n}"], self[f"id_{n}"])
                            for n in range(1, MAX_CHOICES + 1)]

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        choices = [ChoiceInput(text=data.get(f"choice_{n}") or "", is_correct=bool(data.get(f"correct_{n}")),
                               id=data.get(f"id_{n}")) for n in range(1, MAX_CHOICES + 1)]
        return QuestionInput(text=data["text"], kind=data["kind"], is_active=bool(data.get("is_active")),
                             choices=choices)


class ImportForm(BootstrapForm):
    file = forms.FileField(label=_("Pamong course package (.zip)"))
