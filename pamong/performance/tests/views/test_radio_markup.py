"""The radio groups of the performance forms render as Bootstrap ``form-check`` items: each input has its own
label (matching for/id), inside a fieldset whose legend names the question, and no id repeats on the page, so a
click on a label can only pick its own option (issue #9: labels overlapped and picked the wrong rating)."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from pamong.performance.models import Objection

from .scenario import DRAFTED, OBJECTED, RATED, agreed, at, rate, submitted

pytestmark = pytest.mark.django_db
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Markup(HTMLParser):
    """The radios, labels, legends and ids of a page, each with the class of its parent element."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.radios: list[dict] = []
        self.labels: list[dict] = []
        self.ids: list[str] = []
        self.fieldsets: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        parent = self.stack[-1][1] if self.stack else {}
        if tag == "input" and attrs.get("type") == "radio":
            self.radios.append({**attrs, "parent_class": parent.get("class", ""),
                                "fieldset": next((a for t, a in reversed(self.stack) if t == "fieldset"), None)})
        if tag == "label":
            self.labels.append({**attrs, "parent_class": parent.get("class", ""), "text": ""})
        if tag == "fieldset":
            self.fieldsets.append({**attrs, "legend": ""})
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        open_tags = [t for t, _ in self.stack]
        if "label" in open_tags and self.labels:
            self.labels[-1]["text"] += data.strip()
        if open_tags and open_tags[-1] == "legend" and self.fieldsets:
            self.fieldsets[-1]["legend"] += data.strip()


def parse(response) -> Markup:
    assert response.status_code == 200
    markup = Markup()
    markup.feed(response.content.decode())
    return markup


def assert_radios_are_form_checks(markup: Markup, names: set[str]) -> None:
    assert {radio["name"] for radio in markup.radios} >= names
    duplicates = [key for key, count in Counter(markup.ids).items() if count > 1]
    assert not duplicates, f"ids repeated on the page: {duplicates}"
    for radio in markup.radios:
        assert radio["id"], radio
        assert "form-check-input" in radio["class"].split()
        assert "form-check" in radio["parent_class"].split(), radio
        labels = [label for label in markup.labels if label.get("for") == radio["id"]]
        assert len(labels) == 1, (radio, labels)
        assert "form-check-label" in labels[0]["class"].split()
        assert labels[0]["parent_class"] == radio["parent_class"]  # the input and its label side by side
        assert labels[0]["text"]
        assert radio["fieldset"] is not None, radio
        assert radio["fieldset"].get("role") == "radiogroup"  # named by its legend, required as a group
    for fieldset in markup.fieldsets:
        assert fieldset["legend"]


def test_the_rating_form_radios_are_labelled_one_by_one(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    with at(RATED):
        markup = parse(login(world.supervisor).get(
            reverse("performance:rate", args=[skp.public_id]) + "?period=2026-01"))
    assert_radios_are_form_checks(markup, {"work_result", "behaviour"})
    values = sorted((radio["name"], radio["value"]) for radio in markup.radios)
    assert values == sorted((name, level) for name in ("work_result", "behaviour")
                            for level in ("below", "meets", "above"))
    assert len({fieldset["legend"] for fieldset in markup.fieldsets}) >= 2  # one question per scale


def test_the_agreement_form_radios_on_the_plan_page(login, world):
    with at(DRAFTED):
        skp = submitted(world.employee)
        markup = parse(login(world.supervisor).get(reverse("performance:plan-detail", args=[skp.public_id])))
    assert_radios_are_form_checks(markup, {"review-outcome"})
    assert sorted(radio["value"] for radio in markup.radios) == ["approve", "reject"]


def test_two_plans_on_the_review_list_do_not_share_radio_ids(login, world):
    with at(DRAFTED):
        first, second = submitted(world.employee), submitted(world.peer)
        markup = parse(login(world.supervisor).get(reverse("performance:reviews")))
    assert_radios_are_form_checks(markup, {"review-outcome"})
    assert len(markup.radios) == 4
    ids = {radio["id"] for radio in markup.radios}
    assert any(str(first.public_id) in radio_id for radio_id in ids)
    assert any(str(second.public_id) in radio_id for radio_id in ids)


def test_the_objection_decision_radios(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    with at(RATED):
        evaluation = rate(skp, world.supervisor, work_result="below", behaviour="meets")
    with at(OBJECTED):
        login(world.employee).post(reverse("performance:objection-submit", args=[evaluation.public_id]),
                                   {"objection-text": "Bukti dukung belum dilihat"})
        assert Objection.objects.filter(evaluation=evaluation).exists()
        markup = parse(login(world.unit_head).get(
            reverse("performance:evaluation-detail", args=[evaluation.public_id])))
    assert_radios_are_form_checks(markup, {"decision-decision_kind"})


def test_a_widget_that_names_its_class_gets_it_once():
    from django import forms

    from pamong.core.forms import BootstrapForm

    class Form(BootstrapForm):
        choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")],
                                   widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
        text = forms.CharField(widget=forms.TextInput(attrs={"class": "font-monospace"}))

    form = Form()
    assert form.fields["choice"].widget.attrs["class"] == "form-check-input"
    assert form.fields["text"].widget.attrs["class"] == "font-monospace form-control"
