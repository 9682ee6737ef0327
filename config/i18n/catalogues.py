"""Build and check the translation catalogues: `python -m config.i18n.catalogues COMMAND`.

Commands: messages, names, stats; todo FILE and fill FILE (the messages still to translate, out
to a JSON file and back in).

`make messages` runs `messages`: every message of the code goes into one template and is merged
into each shipped language's catalogue (locale/<ll>/LC_MESSAGES/django.po), which is then
compiled. The template joins two extractions:

- Django's makemessages, for Python and Django templates (every app, templates/, emails), run
  on a copy of the source so that a check (tests/i18n/test_catalogues.py) can extract into a
  temporary folder and leave the committed catalogues alone;
- Babel, for the Jinja2 templates under templates/jinja2/ (makemessages reads them with Django's
  template lexer, which misses `_("...", name=value)`), with the i18n extension the engine uses.

`names` generates the second catalogue (config/i18n/locale/): country names and ISO 639 language
names in each language, from pycountry's ISO catalogues, for the languages django-countries does
not translate (or translates only in part). It is committed compiled and read after ours.

Needs GNU gettext (msgcat, msgmerge, msgattrib, msgfmt: Debian's `gettext`) and Babel (dev).
"""

from __future__ import annotations

import argparse
import gettext as gettext_module
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
GENERATED = ROOT / "config" / "i18n" / "locale"
BABEL_CONFIG = Path(__file__).resolve().parent / "babel.cfg"
JINJA2_TEMPLATES = Path("templates") / "jinja2"
# Folders whose files are not the product's messages: tooling, tests, data, vendored assets.
NOT_SOURCE = {
    ".git",
    ".venv",
    "__pycache__",
    "build",
    "docker",
    "docs",
    "locale",
    "node_modules",
    "static",
    "staticfiles",
    "test-results",
    "tests",
    "var",
}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
# Plural rules of a new catalogue (gettext's conventions; Django's catalogues use the same).
PLURAL_FORMS = {
    "th": "nplurals=1; plural=0;",
    "my": "nplurals=1; plural=0;",
    "zh_Hans": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "id": "nplurals=1; plural=0;",
    "hi": "nplurals=2; plural=(n != 1);",
    "fil": "nplurals=2; plural=(n > 1);",
}
# pycountry names Simplified Chinese by its region.
PYCOUNTRY_LOCALE = {"zh_Hans": "zh_CN"}


def tool(name: str) -> str:
    """Return the path of a gettext program, or say how to install it."""
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is missing: install GNU gettext (apt-get install -y gettext)")
    return found


def run(*args, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a program; stop with its output if it fails."""
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed:\n{result.stdout}{result.stderr}")
    return result


def shipped_locales() -> list[str]:
    """Return the locale names of every language but the source one (th, my, zh_Hans, vi, id, hi, fil)."""
    from django.conf import settings
    from django.utils.translation import to_locale

    return [to_locale(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_path(locale: str, base: Path = LOCALE) -> Path:
    return base / locale / "LC_MESSAGES" / "django.po"


# --- Extraction -------------------------------------------------------------------------------


def source_copy(destination: Path) -> None:
    """Copy the files makemessages reads (Python, templates, emails), without Jinja2's or tests'."""
    for folder, subfolders, files in os.walk(ROOT):
        here = Path(folder)
        subfolders[:] = sorted(name for name in subfolders if name not in NOT_SOURCE)
        if here.relative_to(ROOT) == JINJA2_TEMPLATES:
            subfolders[:] = []
            continue
        for name in files:
            if Path(name).suffix in SOURCE_SUFFIXES:
                target = destination / here.relative_to(ROOT) / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(here / name, target)


def template_build(workdir: Path) -> Path:
    """Extract every message of the code into `workdir`/django.pot and return its path."""
    source = workdir / "source"
    source_copy(source)
    (source / "locale").mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(source),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "PRODUCTION": "false",
    }
    run(
        sys.executable,
        "-m",
        "django",
        "makemessages",
        "--domain=django",
        "--locale=en",
        "--keep-pot",
        "--add-location=file",
        cwd=source,
        env=env,
    )
    django_pot = source / "locale" / "django.pot"
    jinja2_pot = workdir / "jinja2.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    run(
        str(pybabel if pybabel.exists() else tool("pybabel")),
        "--quiet",
        "extract",
        f"--mapping-file={BABEL_CONFIG}",
        "--no-wrap",
        "--add-comments=Translators:",
        f"--output-file={jinja2_pot}",
        str(JINJA2_TEMPLATES),
        cwd=ROOT,
    )
    merged = workdir / "django.pot"
    run(
        tool("msgcat"),
        "--use-first",
        "--add-location=file",
        "-o",
        str(merged),
        str(django_pot),
        str(jinja2_pot),
    )
    return merged


def message_ids(path: Path) -> set[tuple[str | None, str]]:
    """Return the (context, msgid) of every message in a catalogue or template, obsolete ones aside."""
    from babel.messages.pofile import read_po

    # A template's header has placeholders where a language's plural rule goes: Babel needs a rule.
    text = path.read_text(encoding="utf-8").replace("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2;")
    catalogue = read_po(io.StringIO(text))
    return {
        (message.context, message.id if isinstance(message.id, str) else message.id[0])
        for message in catalogue
        if message.id
    }


def catalogue_update(template: Path, locale: str, base: Path = LOCALE) -> Path:
    """Merge the template into a language's catalogue (creating it the first time); drop obsolete entries."""
    po = catalogue_path(locale, base)
    if not po.exists():
        # A header alone, with the language's plural rule: msgmerge then gives each plural
        # message as many forms as the language has.
        po.parent.mkdir(parents=True, exist_ok=True)
        plural_forms = PLURAL_FORMS.get(locale, "nplurals=2; plural=(n != 1);")
        po.write_text(
            "# The interface of the case intake system. Translations are drafts until reviewed.\n"
            'msgid ""\nmsgstr ""\n'
            '"Project-Id-Version: mae-sot-intake\\n"\n'
            f'"Language: {locale}\\n"\n'
            '"MIME-Version: 1.0\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Content-Transfer-Encoding: 8bit\\n"\n'
            f'"Plural-Forms: {plural_forms}\\n"\n',
            encoding="utf-8",
        )
    run(tool("msgmerge"), "--quiet", "--update", "--backup=none", "--previous", str(po), str(template))
    run(tool("msgattrib"), "--no-obsolete", "-o", str(po), str(po))
    return po


def compile_catalogue(po: Path, mo: Path | None = None) -> Path:
    """Compile a catalogue, checking its placeholders and header (msgfmt --check)."""
    mo = mo or po.with_suffix(".mo")
    run(tool("msgfmt"), "--check", "-o", str(mo), str(po))
    return mo


def statistics(po: Path) -> str:
    """Return msgfmt's count of translated, fuzzy and untranslated messages in a catalogue."""
    result = run(tool("msgfmt"), "--statistics", "-o", os.devnull, str(po))
    return (result.stderr or result.stdout).strip()


# --- Country and language names ----------------------------------------------------------------


SUPPLEMENT = Path(__file__).with_name("country_names.json")


def _translations(domain: str, localedir: str, locale: str) -> gettext_module.NullTranslations:
    return gettext_module.translation(domain, localedir, languages=[locale], fallback=True)


def names_translated(locale: str) -> dict[str, str]:
    """Return English name -> name in `locale` for countries and living languages, from pycountry.

    Country names are django-countries' English names (what its fields show), translated from
    pycountry's ISO 3166-1 catalogue by code, unless django-countries translates them itself.
    Language names are ISO 639-3 names (what intake.Language holds), from the ISO 639-3 catalogue.
    """
    import django_countries
    import pycountry
    from django.utils import translation
    from django_countries import countries

    iso_locale = PYCOUNTRY_LOCALE.get(locale, locale)
    iso3166 = _translations("iso3166-1", pycountry.LOCALES_DIR, iso_locale)
    iso639 = _translations("iso639-3", pycountry.LOCALES_DIR, iso_locale)
    own = _translations("django", str(Path(django_countries.__file__).parent / "locale"), locale)
    names: dict[str, str] = {}
    with translation.override(None):  # the English names, untranslated
        english = [(country.code, str(country.name)) for country in countries]
    for code, name in english:
        if own.gettext(name) != name:
            continue  # django-countries has its own word for it
        entry = pycountry.countries.get(alpha_2=code)
        candidates = [getattr(entry, key, None) for key in ("common_name", "name")] if entry else []
        for candidate in filter(None, candidates):
            local = iso3166.gettext(candidate)
            if local != candidate:
                names[name] = local
                break
    for language in pycountry.languages:
        if getattr(language, "type", "") != "L" or getattr(language, "scope", "") not in ("I", "M"):
            continue  # the living languages intake.Language is seeded with
        local = iso639.gettext(language.name)
        if local != language.name:
            names.setdefault(language.name, local)
    for english_name, local in json.loads(SUPPLEMENT.read_text(encoding="utf-8")).get(locale, {}).items():
        names.setdefault(english_name, local)  # the caseload's countries pycountry cannot name here
    return names


def names_build(locale: str, base: Path = GENERATED) -> Path:
    """Write and compile the generated names catalogue of one language; return the .po."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalogue = Catalog(
        locale=None,
        project="mae-sot-intake",
        charset="utf-8",
        header_comment="# Country and language names from pycountry (`make messages`): do not edit.",
    )
    catalogue.fuzzy = False  # msgfmt leaves out a fuzzy header, and with it the charset
    for english, local in sorted(names_translated(locale).items()):
        catalogue.add(english, local)
    po = catalogue_path(locale, base)
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as handle:
        write_po(handle, catalogue, width=0, omit_header=False, no_location=True)
    # Babel stamps the creation time: keep the header stable so that an unchanged build commits nothing.
    lines = [
        line
        for line in po.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith(
            ('"POT-Creation-Date', '"PO-Revision-Date', '"Generated-By', '"Last-Translator', '"Language-Team')
        )
    ]
    header_end = lines.index('"Content-Transfer-Encoding: 8bit\\n"\n') + 1
    lines.insert(header_end, f'"Language: {locale}\\n"\n')
    po.write_text("".join(lines), encoding="utf-8")
    compile_catalogue(po)
    return po


# --- Commands -----------------------------------------------------------------------------------


def messages() -> None:
    """Extract, merge into each shipped catalogue, regenerate the names, compile, and report coverage."""
    with tempfile.TemporaryDirectory() as folder:
        template = template_build(Path(folder))
        print(f"{len(message_ids(template))} messages in the code")
        for locale in shipped_locales():
            compile_catalogue(catalogue_update(template, locale))
    names()
    stats()


def names() -> None:
    """Regenerate the country and language names of every shipped language."""
    for locale in shipped_locales():
        names_build(locale)


def stats() -> None:
    """Print, for each shipped language, how much of its catalogue is translated."""
    for locale in shipped_locales():
        po = catalogue_path(locale)
        print(f"{locale:8} {statistics(po) if po.exists() else 'no catalogue'}")
        generated = catalogue_path(locale, GENERATED)
        if generated.exists():
            print(f"{'':8} names: {statistics(generated)}")


def _read(po: Path):
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


CONTEXT_SEPARATOR = "\x04"  # gettext's own: "context\x04msgid" names a message with a context


def _key(message) -> str:
    singular = message.id if isinstance(message.id, str) else message.id[0]
    return f"{message.context}{CONTEXT_SEPARATOR}{singular}" if message.context else singular


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return not message.fuzzy and all(strings)


def todo(path: Path) -> None:
    """Write the messages each language still lacks (untranslated or fuzzy) to a JSON file, for
    translators to fill and `fill` to read back: {locale: {msgid: ""}}, a message with a plural
    as {msgid: {"plural": msgid_plural, "forms": ["", ...]}} (as many forms as the language has),
    a message with a context as "context\x04msgid"."""
    wanted = {}
    for locale in shipped_locales():
        catalogue = _read(catalogue_path(locale))
        wanted[locale] = {}
        for message in catalogue:
            if not message.id or _translated(message):
                continue
            if isinstance(message.id, str):
                wanted[locale][_key(message)] = ""
            else:
                forms = [""] * catalogue.num_plurals
                wanted[locale][_key(message)] = {"plural": message.id[1], "forms": forms}
        print(f"{locale:8} {len(wanted[locale])} to translate")
    path.write_text(json.dumps(wanted, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _po_entry(key: str, value, plural_id: str | None) -> str | None:
    """One catalogue entry for a translation from the JSON file, or None if it is not complete."""
    context, _sep, msgid = key.rpartition(CONTEXT_SEPARATOR)
    lines = [f"msgctxt {_po_string(context)}"] if context else []
    lines.append(f"msgid {_po_string(msgid)}")
    if plural_id is None:
        if not isinstance(value, str) or not value:
            return None
        lines.append(f"msgstr {_po_string(value)}")
    else:
        forms = value.get("forms") if isinstance(value, dict) else None
        if not forms or not all(isinstance(form, str) and form for form in forms):
            return None
        lines.append(f"msgid_plural {_po_string(plural_id)}")
        lines += [f"msgstr[{n}] {_po_string(form)}" for n, form in enumerate(forms)]
    return "\n".join(lines) + "\n"


def fill(path: Path) -> None:
    """Write translations from a JSON file (the shape `todo` writes) into the catalogues, then
    merge and compile them as `messages` does. Entries left empty are skipped.

    gettext does the writing: the translations become a small catalogue that `msgcat --use-first`
    puts before the language's own (its fuzzy guess is replaced, not kept), and the merge with
    the template puts every entry back in its place with its source locations.
    """
    translations = json.loads(path.read_text(encoding="utf-8"))
    for locale, entries in translations.items():
        po = catalogue_path(locale)
        header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
        plural_ids = {
            _key(message): (None if isinstance(message.id, str) else message.id[1])
            for message in _read(po)
            if message.id
        }
        chosen = [
            entry
            for key, value in entries.items()
            if key in plural_ids and (entry := _po_entry(key, value, plural_ids[key]))
        ]
        if not chosen:
            continue
        with tempfile.TemporaryDirectory() as folder:
            small = Path(folder) / "translations.po"
            small.write_text(header + "\n\n" + "\n".join(chosen), encoding="utf-8")
            run(tool("msgcat"), "--use-first", "-o", str(po), str(small), str(po))
        print(f"{locale:8} {len(chosen)} filled")
    messages()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["messages", "names", "stats", "todo", "fill"])
    parser.add_argument("file", nargs="?", type=Path, help="the JSON file of `todo` and `fill`")
    arguments = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    if arguments.command in ("todo", "fill"):
        if arguments.file is None:
            parser.error(f"{arguments.command} needs the JSON file")
        {"todo": todo, "fill": fill}[arguments.command](arguments.file)
        return
    {"messages": messages, "names": names, "stats": stats}[arguments.command]()


if __name__ == "__main__":
    main()
