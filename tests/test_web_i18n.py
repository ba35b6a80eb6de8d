"""The web interface's languages (trucewatch.web.i18n): choosing one, and Arabic's catalogue."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from api_helpers import client
from trucewatch.web.i18n import choose

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "src/trucewatch/web/locale/ar/LC_MESSAGES/messages.po"


def test_the_language_asked_for_then_remembered_then_the_browsers():
    assert choose("ar", None, None) == "ar"
    assert choose(None, "ar", "en-GB") == "ar"
    assert choose(None, None, "fr-FR,ar-SY;q=0.8,en;q=0.5") == "ar"
    assert choose("xx", None, "de") == "en"


def test_every_label_has_an_arabic_translation():
    """What `make messages` extracts, by babel.cfg itself: every _("...") of the templates and
    N_("...") of the Python modules that mark labels and messages."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)

    def walked(path: str) -> bool:  # not the installed packages, front-end libraries or artefacts
        name = Path(path).name
        return not name.startswith((".", "_")) and name not in {"node_modules", "artifacts"}

    found = extract_from_dir(
        str(ROOT), method_map, options_map, keywords={"_": None, "N_": None}, directory_filter=walked
    )
    labels = {message for _, _, message, _, _ in found}
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="ar")
    missing = sorted(m for m in labels if not (catalogue.get(m) and catalogue.get(m).string))
    assert len(labels) > 30 and missing == []


def test_pages_come_in_the_chosen_language_laid_out_in_its_direction(sqlite_world):
    store, _, _ = sqlite_world
    with client(store) as c:
        english = c.get("/login")
        arabic = c.get("/login?lang=ar")
        remembered = c.get("/login")  # the cookie set by ?lang=ar
        missing = c.get("/nowhere", headers={"accept": "text/html"})
    with client(store) as fresh:
        by_browser = fresh.get("/login", headers={"accept-language": "ar-SY,ar;q=0.9"})
    assert '<html lang="en" dir="ltr">' in english.text and "<h1>Log in</h1>" in english.text
    assert '<html lang="ar" dir="rtl">' in arabic.text and "<h1>تسجيل الدخول</h1>" in arabic.text
    assert "tw_lang=ar" in arabic.headers["set-cookie"]
    assert '<html lang="ar" dir="rtl">' in remembered.text
    assert "غير موجود" in missing.text  # error pages too
    assert '<html lang="ar" dir="rtl">' in by_browser.text


def test_what_a_viewer_may_not_see_is_withheld_in_the_interface_language(sqlite_world):
    from trucewatch.report.records import REDACTED_SOURCE, REDACTED_TEXT
    from trucewatch.web.views import STAND_INS

    store, seeded, _ = sqlite_world
    with client(store) as c:
        signed_in = c.post("/login", data={"name": "viewer1", "password": "a long synthetic password"})
        assert signed_in.status_code == 200
        arabic = c.get(f"/claims/{seeded.secret_claims[0]}?lang=ar")
        english = c.get(f"/claims/{seeded.secret_claims[0]}?lang=en")
    assert {REDACTED_SOURCE, REDACTED_TEXT} <= set(STAND_INS)  # the words the catalogue translates
    assert arabic.status_code == 200 and "مصدر سري" in arabic.text and "[محجوب: مصدر سري]" in arabic.text
    assert REDACTED_SOURCE not in arabic.text
    assert REDACTED_SOURCE in english.text and REDACTED_TEXT in english.text


def test_an_error_page_says_what_went_wrong_in_the_interface_language(sqlite_world):
    store, _, _ = sqlite_world
    with client(store) as c:
        signed_in = c.post("/login", data={"name": "viewer1", "password": "a long synthetic password"})
        assert signed_in.status_code == 200
        arabic = c.get("/places/<i>Atlantis/claims?type=attack.shelling&lang=ar")
        english = c.get("/places/<i>Atlantis/claims?type=attack.shelling&lang=en")
        no_claim = c.get("/claims/no-such-claim?lang=ar")
    assert arabic.status_code == 404 and "لا يوجد مكان باسم &lt;i&gt;Atlantis." in arabic.text
    assert "No place named &lt;i&gt;Atlantis." in english.text and "<i>Atlantis" not in english.text
    assert no_claim.status_code == 404 and "لا يوجد ادعاء بهذا المعرّف." in no_claim.text
