"""Reads of survivor-facing texts: the current versions, the columns of the printed sheet."""

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from intake.models import Consent, Language
from intake.vocabularies import ConsentScope
from survivor_texts.models import (
    EMBASSY_SHARING,
    LABELS,
    RIGHTS,
    SOURCE_LANGUAGE,
    TextVersion,
    consent_kind,
    html_lang,
    label_kind,
)

# The intake.Language of each interface language (settings.LANGUAGES), first that has texts.
INTERFACE_LANGUAGES = {
    "en": ("eng",),
    "th": ("tha",),
    "my": ("mya",),
    "zh-hans": ("cmn", "zho"),
    "vi": ("vie",),
    "id": ("ind",),
    "hi": ("hin",),
    "fil": ("fil", "tgl"),
}


def current_versions(language: Language | int) -> dict[str, TextVersion]:
    """The current version of every text in `language`: kind -> version (one query)."""
    language_id = getattr(language, "pk", language)
    versions = TextVersion.objects.current().filter(language_id=language_id).select_related("language")
    return {version.kind: version for version in versions}


def languages_with_texts():
    """The languages in which at least one consent text exists."""
    having = TextVersion.objects.filter(kind__startswith="consent.").values("language")
    return Language.objects.filter(pk__in=having).order_by("name")


def interface_language(language_code: str) -> Language | None:
    """The language of texts for an interface language code, if it has texts; else None."""
    candidates = INTERFACE_LANGUAGES.get(language_code.lower(), ())
    found = {language.code: language for language in languages_with_texts().filter(code__in=candidates)}
    return next((found[code] for code in candidates if code in found), None)


def source_language() -> Language:
    return Language.objects.get(code=SOURCE_LANGUAGE)


class ConsentTextSource:
    """What the interview's consent step reads (registered with intake.consent_texts)."""

    def languages(self):
        return languages_with_texts()

    def current(self, language) -> dict:
        return current_versions(language)

    def interface_language(self, language_code: str):
        return interface_language(language_code)


@dataclass
class SheetText:
    title: str
    body: str
    version: TextVersion | None
    lang: str
    dir: str
    scope: str = ""


@dataclass
class SheetColumn:
    """One language's half of the printed sheet."""

    language: Language
    lang: str
    dir: str
    labels: dict[str, SheetText]
    consents: list[SheetText] = field(default_factory=list)
    rights: SheetText | None = None
    embassy_sharing: SheetText | None = None

    @property
    def has_draft(self) -> bool:
        texts = [*self.consents, self.rights, self.embassy_sharing]
        # The source is not a translation: only a translation carries the draft notice.
        return any(
            text.version is not None and text.version.is_draft and not text.version.is_source
            for text in texts
            if text
        )


def _text(version: TextVersion | None, fallback: TextVersion | None, scope: str = "") -> SheetText | None:
    chosen = version or fallback
    if chosen is None:
        return None
    return SheetText(
        title=chosen.title,
        body=chosen.body,
        version=chosen,
        lang=html_lang(chosen.language.code),
        dir=chosen.direction,
        scope=scope,
    )


def sheet_column(language: Language, source: dict[str, TextVersion] | None = None) -> SheetColumn:
    """The sheet's texts and labels in `language`; a label not yet translated is the source's."""
    versions = current_versions(language)
    source = source if source is not None else versions
    direction = next(iter(versions.values())).direction if versions else "ltr"
    labels = {name: _text(versions.get(label_kind(name)), source.get(label_kind(name))) for name in LABELS}
    return SheetColumn(
        language=language,
        lang=html_lang(language.code),
        dir=direction,
        labels={name: label for name, label in labels.items() if label},
        # A scope is printed only in the languages that have its text; a text for a scope that
        # does not exist (yet) is not printed.
        consents=[
            _text(versions[consent_kind(scope)], None, scope)
            for scope in ConsentScope.values
            if consent_kind(scope) in versions
        ],
        rights=_text(versions.get(RIGHTS), None),
        embassy_sharing=_text(versions.get(EMBASSY_SHARING), None),
    )


def sheet_rows(left: SheetColumn, right: SheetColumn) -> list[tuple[SheetText | None, SheetText | None]]:
    """The consent texts side by side, scope by scope, in the order of the scopes."""
    lefts = {text.scope: text for text in left.consents}
    rights = {text.scope: text for text in right.consents}
    return [
        (lefts.get(scope), rights.get(scope))
        for scope in ConsentScope.values
        if scope in lefts or scope in rights
    ]


def consent_text_get(*, consent_id: int) -> Consent:
    """The consent with the exact version of the words read, or 404 if it has none."""
    return get_object_or_404(
        Consent.objects.select_related("text_version__language", "language", "person"),
        pk=consent_id,
        text_version__isnull=False,
    )
