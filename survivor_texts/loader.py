"""Load the shipped drafts (survivor_texts/drafts/<iso639-3>.json) after every `migrate`.

Version 1 is created for each (text, language) that has no version yet, as a draft: what an
administrator replaced or reviewed is never overwritten, and a language added in a later
release arrives with the next `migrate`. English is the source the others translate.
"""

import json
from pathlib import Path

import pycountry
from django.db import transaction

from intake.models import Language
from survivor_texts.models import SOURCE_LANGUAGE, Direction, TextVersion, label_kind

DRAFTS = Path(__file__).resolve().parent / "drafts"


def draft_texts(data: dict) -> dict[str, tuple[str, str]]:
    """The texts of one draft file: kind -> (title, body); labels are texts with a title only."""
    texts = {kind: (text["title"], text.get("body", "")) for kind, text in data.get("texts", {}).items()}
    texts.update({label_kind(name): (label, "") for name, label in data.get("labels", {}).items()})
    return texts


def _language(code: str, name: str, using: str) -> Language:
    language = Language.objects.using(using).filter(code=code).first()
    if language is None:  # not a living language in pycountry's list: add it as the seeds would
        entry = pycountry.languages.get(alpha_3=code)
        language = Language.objects.using(using).create(code=code, name=entry.name if entry else name)
    return language


@transaction.atomic
def load_drafts(folder: Path = DRAFTS, using: str = "default") -> int:
    """Create version 1 of every drafted text that has no version yet; return how many were created."""
    created = 0
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        code = data["language"]
        language = _language(code, data.get("language_name", code), using)
        existing = set(
            TextVersion.objects.using(using).filter(language=language).values_list("kind", flat=True)
        )
        direction = data.get("direction", Direction.LTR)
        for kind, (title, body) in draft_texts(data).items():
            if kind in existing:
                continue
            TextVersion(
                kind=kind,
                language=language,
                version=1,
                title=title,
                body=body,
                direction=direction,
                is_source=code == SOURCE_LANGUAGE,
                note=f"Shipped draft: survivor_texts/drafts/{path.name}",
            ).save(using=using)
            created += 1
    return created


def load_after_migrate(sender, using="default", **kwargs) -> None:
    load_drafts(using=using)
