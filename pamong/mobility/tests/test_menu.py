"""The bar's Manage menu (and, for an employee, the menu under their name) leads to the mobility pages for those
who may open them, and only them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LINKS = {"workload": "mobility:workload-list", "lists": "mobility:list-hub", "placement": "mobility:placement-list",
         "mutations": "mobility:mutation-list", "talent": "mobility:talent-boxes", "proposals": "mobility:promotion-list"}
AGENCY = {"workload", "lists", "placement", "mutations", "talent", "proposals"}
UNIT_HEAD = {"workload", "lists", "mutations", "talent"}


@pytest.mark.parametrize(("persona", "shown"), [
    ("hr_admin", AGENCY),
    ("executive", AGENCY),
    ("unit_head", UNIT_HEAD),
    ("supervisor", UNIT_HEAD),  # Kepala Bidang: heads the division
    ("auditor", AGENCY),  # the Inspektorat reads them
    ("employee", {"mutations"}),  # their own transfer requests, from the menu under their name
])
def test_the_menu_links_the_mobility_pages_each_persona_may_open(world, login, persona, shown):
    client = login(getattr(world, persona))
    page = client.get(reverse("people:home")).content.decode()

    linked = {key for key, name in LINKS.items() if f'href="{reverse(name)}"' in page}
    assert linked == shown
    for key in linked:  # a link never leads to a refusal
        assert client.get(reverse(LINKS[key])).status_code == 200
