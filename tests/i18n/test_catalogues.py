"""CI fails on a missing translation: every shipped language's catalogue is complete, current and compiled.

The code's messages are extracted afresh (makemessages for Python and Django templates, Babel
for Jinja2: config/i18n/catalogues.py) into a temporary folder and compared with the committed
catalogues. `make messages` brings the catalogues up to date; translators fill them in.
"""

import ast
import re
import subprocess
from pathlib import Path

import django
import pytest
from babel.messages.pofile import read_po
from django.template import engines
from django.utils import translation

from config.i18n import catalogues
from tests.i18n.conftest import THAI_SIGN_IN

LOCALES = ["th", "my", "zh_Hans", "vi", "id", "hi", "fil"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set:
    """The (context, msgid) of every message the code has now, Jinja2 templates included."""
    return catalogues.message_ids(catalogues.template_build(tmp_path_factory.mktemp("extraction")))


def committed(locale: str) -> Path:
    po = catalogues.catalogue_path(locale)
    assert po.exists(), (
        f"{po.relative_to(catalogues.ROOT)} is missing: run `make messages`, then translate it"
    )
    return po


def read(po: Path):
    with po.open("rb") as handle:
        return read_po(handle)


def test_the_shipped_languages_are_the_interface_languages_but_english():
    assert catalogues.shipped_locales() == LOCALES


def test_extraction_reads_python_django_templates_emails_and_jinja2(extracted):
    ids = {msgid for _context, msgid in extracted}
    assert "Register arrivals" in ids  # base.html
    assert "Your access to the case intake system changed" in ids  # an email's subject (.txt)
    assert "Choose one of the languages listed." in ids  # Python (accounts/views.py)
    assert "%(done)s of %(total)s" in ids  # Jinja2 only: templates/jinja2/cases/case_list_rows.html
    assert "Not started" in ids  # Jinja2
    assert "This field is required." in ids  # Django's, listed in config/i18n/django_strings.py
    assert ("abbrev. month", "Dec.") in extracted  # with its context


def test_extraction_leaves_out_tests():
    source = Path(catalogues.__file__)
    assert "tests" in catalogues.NOT_SOURCE and ".venv" in catalogues.NOT_SOURCE, source


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated_and_none_is_fuzzy(locale):
    catalogue = read(committed(locale))
    untranslated = [
        m.id for m in catalogue if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert not catalogue.fuzzy, f"{locale}: the header is fuzzy: msgfmt would leave it, and its charset, out"
    assert not untranslated, f"{locale}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{locale}: {len(fuzzy)} fuzzy (check and unmark them), e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catalogue_holds_every_message_the_code_has(locale, extracted):
    have = catalogues.message_ids(committed(locale))
    missing = sorted(extracted - have, key=str)
    assert not missing, f"{locale}: {len(missing)} messages missing (run `make messages`), e.g. {missing[:5]}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_committed_mo_is_the_compiled_po(locale, tmp_path):
    po = committed(locale)
    fresh = catalogues.compile_catalogue(po, tmp_path / "django.mo")
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(catalogues.ROOT)} is missing: run `make messages`"
    assert mo.read_bytes() == fresh.read_bytes(), f"{locale}: django.mo is older than django.po"


@pytest.mark.parametrize("locale", LOCALES)
def test_msgfmt_check_passes_placeholders_agree(locale):
    result = subprocess.run(
        [catalogues.tool("msgfmt"), "--check", "-o", "/dev/null", str(committed(locale))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("locale", LOCALES)
def test_the_generated_names_are_current_and_compiled(locale, tmp_path):
    committed_po = catalogues.catalogue_path(locale, catalogues.GENERATED)
    fresh_po = catalogues.names_build(locale, tmp_path)
    assert committed_po.read_text(encoding="utf-8") == fresh_po.read_text(encoding="utf-8"), (
        f"{locale}: the generated names are out of date: run `make messages`"
    )
    assert committed_po.with_suffix(".mo").read_bytes() == fresh_po.with_suffix(".mo").read_bytes()


@pytest.mark.parametrize(
    ("language", "country", "name"),
    [
        ("th", "MM", "พม่า"),
        ("my", "TH", "ထိုင်းနိုင်ငံ"),
        ("zh-hans", "IN", "印度"),
        ("vi", "PH", "Phi-li-pi-nợ"),
        ("id", "PH", "Filipina"),
        ("hi", "IN", "भारत"),
        ("fil", "PH", "Pilipinas"),
        # From config/i18n/country_names.json, where pycountry has no name in the language.
        ("my", "CN", "တရုတ်"),
        ("fil", "KH", "Kambodya"),
        ("id", "ET", "Etiopia"),
    ],
)
def test_country_names_are_written_in_each_interface_language(language, country, name):
    from django_countries import countries

    with translation.override(language):
        assert countries.name(country) == name


def test_every_django_word_listed_is_one_django_really_has():
    """A word misspelt in config/i18n/django_strings.py would be translated and never shown."""
    django_root = Path(django.__file__).parent
    known = set()
    for po in [
        django_root / "conf/locale/en/LC_MESSAGES/django.po",
        *django_root.glob("contrib/*/locale/en/LC_MESSAGES/django.po"),
    ]:
        known |= catalogues.message_ids(po)
    tree = ast.parse((catalogues.ROOT / "config/i18n/django_strings.py").read_text(encoding="utf-8"))
    listed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
            "gettext_noop",
            "ngettext_lazy",
            "pgettext_lazy",
        }:
            values = [argument.value for argument in node.args]
            listed.add((values[0], values[1]) if node.func.id == "pgettext_lazy" else (None, values[0]))
    assert listed and not listed - known, sorted(listed - known, key=str)


def test_the_jinja2_engine_translates_with_djangos_catalogues(thai_catalogue):
    template = engines["jinja2"].from_string(
        '{{ _("Sign in") }}|{{ ngettext("%(num)s day", "%(num)s days", 2) }}'
    )
    with translation.override("th"):
        assert template.render({}).startswith(THAI_SIGN_IN + "|")


def test_no_python_file_hides_a_template_translation_tag():
    """A `{% translate %}` inside a Python string is never extracted: its words stay English on screen."""
    root = Path(__file__).resolve().parents[2]
    tops = [
        top for top in root.iterdir() if top.is_dir() and top.name not in {".venv", ".git", "tests", "var"}
    ]
    hiding = [
        str(path.relative_to(root))
        for top in tops
        for path in top.rglob("*.py")
        if any(tag in path.read_text(encoding="utf-8") for tag in ("{% translate ", "{% blocktranslate"))
        and path.name != "jinja2_environment.py"  # names the tags in its docstring
    ]
    assert not hiding, f"translate these with gettext instead: {hiding}"


def test_no_template_translation_tag_escapes_a_quote():
    """makemessages ends a `{% translate "..." %}` string at its first `\\"`: the message is cut
    short in every catalogue and the tag shows the backslash. Curly quotes, or the other quote."""
    root = Path(__file__).resolve().parents[2]
    escaped = re.compile(r"""{%\s*(translate|trans)\s+("[^"]*\\"|'[^']*\\')""")
    cut = [
        f"{path.relative_to(root)}:{number}"
        for path in (root / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if escaped.search(line)
    ]
    assert not cut, f"a translate tag with an escaped quote: {cut}"
