"""The bar's Manage menu leads to the mobility pages for those who may open them, and only them."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LINKS = {"workload": "mobility:workload-list", "lists": "mobility:list-hub", "placement": "mobility:placement-list"}


@pytest.mark.parametrize(("persona", "shown"), [
    ("hr_admin", {"workload", "lists", "placement"}),
    ("executive", {"workload", "lists", "placement"}),
    ("unit_head", {"workload", "lists"}),
    ("supervisor", {"workload", "lists"}),  # Kepala Bidang: heads the division
    ("auditor", {"workload", "lists", "placement"}),  # the Inspektorat reads them
    ("employee", set()),
])
def test_the_menu_links_the_mobility_pages_each_persona_may_open(world, login, persona, shown):
    client = login(getattr(world, persona))
    page = client.get(reverse("people:home")).content.decode()

    linked = {key for key, name in LINKS.items() if f'href="{reverse(name)}"' in page}
    assert linked == shown
    for key in linked:  # a link never leads to a refusal
        assert client.get(reverse(LINKS[key])).status_code == 200
