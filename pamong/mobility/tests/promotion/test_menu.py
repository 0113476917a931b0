"""The Manage menu links the KP/KGB proposals for the agency's HR, executive and auditor, and nobody else."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("persona", "shown"), [
    ("hr_admin", True), ("executive", True), ("auditor", True), ("unit_head", False), ("employee", False),
])
def test_the_menu_links_the_proposals_for_their_readers(world, login, persona, shown):
    client = login(getattr(world, persona))
    url = reverse("mobility:promotion-list")
    page = client.get(reverse("people:home")).content.decode()
    assert (f'href="{url}"' in page) is shown
    assert client.get(url).status_code == (200 if shown else 403)
