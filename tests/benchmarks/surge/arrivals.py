"""Synthetic arrivals for the registration form: unique, recognisably invented, never a real person.

Given names, scripts and the mix of nationalities come from the demo (demo); the
family name is a word made up from the arrival's number ("Bababafaka" is number 12), so
that no two arrivals, and no arrival and a seeded case, share the name the duplicate check
compares: every registration opens a case at once, as a new arrival should.
"""

import datetime
import random

from demo.countries import ORIGIN_WEIGHTS, ORIGINS
from demo.names import NAME_GROUPS
from intake.matching import phonetic_codes
from intake.vocabularies import DocumentType, Gender

# One syllable per decimal digit, each with a consonant Metaphone keeps apart from the others.
SYLLABLES = ("ba", "fa", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta")


def invented_family_name(number: int) -> str:
    """Return a made-up word spelling `number`'s digits, five syllables: 12 -> "Bababafaka"."""
    return "".join(SYLLABLES[int(digit)] for digit in f"{number:05d}").capitalize()


def names_check(count: int) -> None:
    """Fail unless the first `count` invented names all reduce to different phonetic codes."""
    codes = {" ".join(phonetic_codes(invented_family_name(n))) for n in range(count)}
    if len(codes) != count:
        raise AssertionError("two invented family names would match in the duplicate check")


def arrival_form(number: int, *, languages: dict[str, int], today: datetime.date) -> dict[str, str]:
    """Return the registration form's fields for arrival `number` (the same every time)."""
    rng = random.Random(f"surge:{number}")
    origin = rng.choices(ORIGINS, weights=ORIGIN_WEIGHTS)[0]
    male, female, _ = NAME_GROUPS[origin.country]
    gender = Gender.FEMININE if rng.random() < 0.26 else Gender.MASCULINE
    given, given_native = rng.choice(female if gender == Gender.FEMININE else male)
    age = rng.randint(18, 45)
    data = {
        "given_name": given,
        "family_name": invented_family_name(number),
        "given_name_native": given_native,
        # The own-script name is compared too: it carries the invented family name as well.
        "family_name_native": invented_family_name(number) if given_native else "",
        "gender": gender,
        "date_of_birth": "",
        "approximate_age": "",
        "country": origin.country,
        "document_type": DocumentType.NONE,
        "document_number": "",
        "primary_language": str(languages.get(origin.languages[0], "")),
        "phone": "",
    }
    if rng.random() < 0.7:
        born = today - datetime.timedelta(days=age * 365 + rng.randint(30, 330))
        data["date_of_birth"] = born.isoformat()
    else:
        data["approximate_age"] = str(age)
    if rng.random() < 0.3:  # "ZZ" numbers, as in the demo: recognisably synthetic
        data["document_type"] = DocumentType.PASSPORT
        data["document_number"] = f"ZZS{number:06d}"
    if rng.random() < 0.5:  # "99" after the country code: the demo's phones have "00" there
        data["phone"] = f"+{origin.calling_code}99{number:07d}"
    for flag, share in (("needs_medical_care", 0.12), ("protection_risk", 0.08)):
        if rng.random() < share:
            data[flag] = "on"
    return data
