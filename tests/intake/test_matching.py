"""Names match however they are spelled or written; identifiers are compared as keyed digests."""

from intake.matching import Identity, KeyKind, identity_keys, phonetic_codes, transliterate


def test_names_in_other_spellings_sound_the_same():
    assert phonetic_codes("Nguyễn Văn Minh") == phonetic_codes("Nguyen Van Minh")
    assert phonetic_codes("Mohammed Khan") == phonetic_codes("Muhammad Khan")
    assert phonetic_codes("Mohamed") == phonetic_codes("Muhammed")


def test_a_chinese_name_in_characters_matches_its_pinyin_in_either_order():
    assert transliterate("王伟") == "wang wei"
    assert phonetic_codes("王伟") == phonetic_codes("Wei Wang")


def test_different_names_do_not_sound_the_same():
    assert phonetic_codes("Rahul Kumar") != phonetic_codes("Rohit Sharma")


def test_the_same_person_spelled_differently_has_a_common_key():
    a = identity_keys(
        Identity.of(given_name="Mohammed", family_name="Khan", birth_year=1990, countries=("PK",))
    )
    b = identity_keys(
        Identity.of(given_name="Muhammad", family_name="Khan", birth_year=1990, countries=("PK",))
    )
    assert a == b
    assert {kind for kind, _ in a} == {KeyKind.NAME_YEAR, KeyKind.NAME_COUNTRY}


def test_a_birth_year_one_off_matches_only_when_searching_with_tolerance():
    stored = identity_keys(Identity.of(given_name="Aung", family_name="Win", birth_year=1995))
    typed = Identity.of(given_name="Aung", family_name="Win", birth_year=1996)
    assert not stored & identity_keys(typed)
    assert stored & identity_keys(typed, year_tolerance=1)


def test_keys_hold_no_plaintext_and_change_with_the_secret_key(settings):
    identity = Identity.of(
        given_name="Wei", family_name="Wang", documents=(("CN", "E12345678"),), phone="+8613900001111"
    )
    keys = identity_keys(identity)
    joined = " ".join(digest for _, digest in keys)
    for plaintext in ("E12345678", "8613900001111", "WANG", "wang"):
        assert plaintext not in joined
    settings.IDENTITY_HASH_KEY = "another-key"
    assert not keys & identity_keys(identity)


def test_documents_and_phones_match_whatever_their_punctuation():
    a = identity_keys(
        Identity.of(
            given_name="X", family_name="", documents=(("IN", "k-123 4567"),), phone="+91 98765 43210"
        )
    )
    b = identity_keys(
        Identity.of(given_name="Y", family_name="", documents=(("IN", "K1234567"),), phone="+919876543210")
    )
    assert {k for k in a if k[0] in (KeyKind.DOCUMENT, KeyKind.PHONE)} == {
        k for k in b if k[0] in (KeyKind.DOCUMENT, KeyKind.PHONE)
    }
