"""Where the consent step finds the words read to the survivor, in their language.

intake imports no other app (docs/architecture.md): the survivor_texts app registers the
source from its AppConfig.ready, as features register their rules with the access policy.
A version is anything with kind, title, body, direction, version, status, reviewed_by,
reviewed_at, is_source and is_draft (survivor_texts.models.TextVersion).
"""

from typing import Protocol


class Source(Protocol):
    def languages(self):
        """The languages that have consent texts, as a queryset of intake.Language."""

    def current(self, language) -> dict:
        """The current version of every text in `language`: kind -> version."""

    def interface_language(self, language_code: str):
        """The intake.Language of an interface language code ("th", "zh-hans"), if it has texts."""


_source: Source | None = None


def register(source: Source) -> None:
    global _source  # one source per process, set once at start-up
    _source = source


def source() -> Source:
    if _source is None:
        raise LookupError("No source of survivor-facing texts: is survivor_texts in INSTALLED_APPS?")
    return _source


CONSENT_PREFIX = "consent."
RIGHTS = "rights"  # the rights to withdraw, to see what is held, to erasure
EMBASSY_SHARING = "embassy_sharing"  # what sharing with an embassy means


def consent_kind(scope: str) -> str:
    """The text read before asking consent to `scope` (survivor_texts names its texts so)."""
    return f"{CONSENT_PREFIX}{scope}"
