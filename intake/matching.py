"""Identity keys for finding the same person twice: transliteration-tolerant, and keyed.

Names in any script are transliterated to ASCII (anyascii; each Chinese character apart,
so that 王伟 gives "wang wei") and reduced to Metaphone codes, so that Nguyễn ~ Nguyen and
Mohammed ~ Muhammad. Identifiers compared across organisations are HMAC digests under
IDENTITY_HASH_KEY: a record of another organisation is matched without its plaintext.
"""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass

import jellyfish
from anyascii import anyascii
from django.conf import settings

_NOT_LETTERS = re.compile(r"[^a-z]+")
_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def _is_ideograph(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "HANGUL SYLLABLE"))


def transliterate(text: str) -> str:
    """Return `text` in lower-case ASCII letters and spaces; ideographs become separate syllables."""
    spaced = "".join(f" {char} " if _is_ideograph(char) else char for char in text)
    return " ".join(_NOT_LETTERS.sub(" ", anyascii(spaced).lower()).split())


def phonetic_codes(*names: str) -> list[str]:
    """Return the sorted, distinct Metaphone codes of every word of `names`, in any script."""
    codes = {jellyfish.metaphone(word) for name in names for word in transliterate(name).split()}
    return sorted(code for code in codes if code)


def phonetic_text(*names: str) -> str:
    """Return the codes as one searchable string, each code between spaces (" MHMT KN ")."""
    codes = phonetic_codes(*names)
    return f" {' '.join(codes)} " if codes else ""


def normalise_document(number: str) -> str:
    return _NOT_ALNUM.sub("", number.upper())


def normalise_phone(phone: str) -> str:
    return re.sub(r"\D", "", phone)


class KeyKind:
    NAME_YEAR = "name_year"
    NAME_COUNTRY = "name_country"
    DOCUMENT = "document"
    PHONE = "phone"


@dataclass(frozen=True)
class Identity:
    """What is known of a person's identity, as plain values, for computing their keys."""

    names: tuple[str, ...]  # each a full name: as spoken, and as written in the person's own script
    birth_year: int | None = None
    countries: tuple[str, ...] = ()
    documents: tuple[tuple[str, str], ...] = ()  # (country, number)
    phone: str = ""

    @classmethod
    def of(
        cls,
        *,
        given_name: str,
        family_name: str,
        given_name_native: str = "",
        family_name_native: str = "",
        birth_year: int | None = None,
        countries: tuple[str, ...] = (),
        documents: tuple[tuple[str, str], ...] = (),
        phone: str = "",
    ) -> "Identity":
        """Build an identity from a person's fields: the name as spoken and the name in own script."""
        names = (f"{given_name} {family_name}".strip(), f"{given_name_native} {family_name_native}".strip())
        return cls(
            names=tuple(name for name in names if name),
            birth_year=birth_year,
            countries=countries,
            documents=tuple((country, number) for country, number in documents if number),
            phone=phone,
        )


def digest(kind: str, value: str) -> str:
    """Return the keyed digest of one normalised identifier."""
    message = f"{kind}:{value}".encode()
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def identity_keys(identity: Identity, *, year_tolerance: int = 0) -> set[tuple[str, str]]:
    """Return the (kind, digest) pairs of an identity; `year_tolerance` widens birth years for searching."""
    keys: set[tuple[str, str]] = set()
    for full_name in identity.names:
        keys |= _name_keys(" ".join(phonetic_codes(full_name)), identity, year_tolerance)
    for country, number in identity.documents:
        if normalise_document(number):
            keys.add((KeyKind.DOCUMENT, digest(KeyKind.DOCUMENT, f"{country}|{normalise_document(number)}")))
    if len(normalise_phone(identity.phone)) >= 7:
        keys.add((KeyKind.PHONE, digest(KeyKind.PHONE, normalise_phone(identity.phone))))
    return keys


def _name_keys(name: str, identity: Identity, year_tolerance: int) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    if name:
        if identity.birth_year:
            for year in range(identity.birth_year - year_tolerance, identity.birth_year + year_tolerance + 1):
                keys.add((KeyKind.NAME_YEAR, digest(KeyKind.NAME_YEAR, f"{name}|{year}")))
        for country in identity.countries:
            keys.add((KeyKind.NAME_COUNTRY, digest(KeyKind.NAME_COUNTRY, f"{name}|{country}")))
    return keys


def document_index(number: str) -> str:
    """The blind index of a document number: found whatever its spacing, without its plaintext."""
    normalised = normalise_document(number)
    return digest("document_number", normalised) if normalised else ""


PHONE_INDEX_DIGITS = 8  # the subscriber part: found whether typed with or without country code


def phone_index(phone: str) -> str:
    """The blind index of a phone number's last digits."""
    digits = normalise_phone(phone)
    return digest("phone_local", digits[-PHONE_INDEX_DIGITS:]) if len(digits) >= PHONE_INDEX_DIGITS else ""
