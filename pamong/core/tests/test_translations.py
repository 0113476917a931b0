"""The Indonesian catalogue: complete, compiled, and used by default.

Indonesian is the default language (LANGUAGE_CODE = "id") and the msgids are
English, so an untranslated or fuzzy entry shows English to every user.
"""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"


def _po_entries() -> list[dict]:
    """Parse the .po simply: one dict per entry with its flags, msgid and msgstr(s)."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}}
        key = None
        for raw in block.splitlines():
            line = raw.strip()
            if line.startswith("#~"):  # obsolete entry: gettext ignores it
                entry = None
                break
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
                continue
            if not line or line.startswith("#"):
                continue
            if line.startswith('"'):
                value = ast.literal_eval(line)
            else:
                keyword, _sep, rest = line.partition(" ")
                key, value = keyword, ast.literal_eval(rest)
            if key == "msgctxt":
                entry["msgctxt"] = (entry["msgctxt"] or "") + value
            elif key == "msgid":
                entry["msgid"] = (entry["msgid"] or "") + value
            elif key == "msgid_plural":
                entry["msgid_plural"] = (entry["msgid_plural"] or "") + value
            elif key == "msgstr" or (key and key.startswith("msgstr[")):
                entry["msgstr"][key] = entry["msgstr"].get(key, "") + value
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)
    return entries


def _messages() -> list[dict]:
    return [entry for entry in _po_entries() if entry["msgid"] != ""]


def test_catalogue_is_compiled():
    assert PO.is_file()
    assert MO.is_file()
    assert MO.stat().st_size > 0


def test_po_has_no_empty_translation():
    empty = [entry["msgid"] for entry in _messages() if not entry["msgstr"] or not all(entry["msgstr"].values())]
    assert empty == []


def test_po_has_no_fuzzy_entry():
    fuzzy = [entry["msgid"] for entry in _po_entries() if "fuzzy" in entry["flags"]]
    assert fuzzy == []


def test_po_header_declares_indonesian_with_one_plural_form():
    header = next(entry for entry in _po_entries() if entry["msgid"] == "")["msgstr"]["msgstr"]
    assert "Language: id\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;" in header


def test_compiled_catalogue_is_up_to_date_with_the_po():
    """Every message of the .po is in the .mo: compilemessages was run after the last edit."""
    with MO.open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)._catalog  # noqa: SLF001
    # A message with a context is stored as "context\x04msgid" (GNU gettext).
    keys = [(f"{e['msgctxt']}\x04{e['msgid']}" if e["msgctxt"] else e["msgid"]) for e in _messages()]
    missing = [key for key in keys if (key, 0) not in catalog and key not in catalog]
    assert missing == []


def test_default_language_is_indonesian():
    assert settings.LANGUAGE_CODE == "id"


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Employees", "Pegawai"),
        ("Log in", "Masuk"),
        ("Log out", "Keluar"),
        ("Save", "Simpan"),
        ("Cancel", "Batal"),
        ("Position", "Jabatan"),
        ("Audit trail", "Jejak audit"),
        ("This field is required.", "Wajib diisi."),
    ],
)
def test_key_strings_are_translated(msgid, expected):
    with translation.override("id"):
        translated = _(msgid)
    assert translated != msgid
    assert translated == expected


def test_placeholders_survive_translation():
    with translation.override("id"):
        message = _("The birth date does not match digits 1–8 of the NIP (%(date)s).") % {"date": "1986-09-01"}
        rows = ngettext("%(counter)s more row in the report.", "%(counter)s more rows in the report.", 3) % {
            "counter": 3
        }
    assert message == "Tanggal lahir tidak sesuai dengan digit 1–8 NIP (1986-09-01)."
    assert rows.startswith("3 ")
    assert "row" not in rows


@pytest.mark.django_db
def test_login_page_is_indonesian_without_accept_language():
    response = Client().get("/accounts/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Masuk ke Pamong" in html
    assert "Log in to Pamong" not in html


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian_until_the_user_switches():
    browser = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Masuk ke Pamong" in browser.get("/accounts/login/").content.decode()

    switched = browser.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert switched.status_code == 302
    assert "Log in to Pamong" in browser.get("/accounts/login/").content.decode()
