"""Survivor-facing texts for tests: the test-only Hindi and Thai drafts, or any language's."""

from pathlib import Path

from intake.models import Language
from survivor_texts.loader import load_drafts
from survivor_texts.models import TextVersion

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_test_drafts() -> None:
    """Load the test-only Hindi and Thai drafts (where the branch ships none of its own)."""
    load_drafts(folder=FIXTURES)


def texts_in(code: str) -> None:
    """Give a language every text the English source has, as version-1 drafts (words unimportant)."""
    language = Language.objects.get(code=code)
    for source in TextVersion.objects.current().filter(language__code="eng"):
        if not TextVersion.objects.filter(kind=source.kind, language=language).exists():
            TextVersion.objects.create(
                kind=source.kind, language=language, title=f"[{code}] {source.title}", body=source.body
            )
