"""The database itself refuses records that break the survivor record's rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import Case
from intake.models import Consent, Debt, Nationality, Person
from intake.vocabularies import ConsentScope, DebtKind
from tests.factories import CaseFactory, ConsentFactory, DebtFactory, NationalityFactory, PersonFactory

pytestmark = pytest.mark.django_db


def refused(create) -> bool:
    """True when the database refuses the write; the surrounding test goes on either way."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_a_person_has_exactly_one_case(ngo_a):
    case = CaseFactory(organisation=ngo_a)
    assert refused(lambda: Case.objects.create(person=case.person, organisation=ngo_a))
    assert Case.objects.filter(person=case.person).count() == 1


def test_a_person_has_at_most_one_primary_nationality():
    first = NationalityFactory(country="IN", is_primary=True)
    assert refused(lambda: Nationality.objects.create(person=first.person, country="PK", is_primary=True))
    assert Nationality.objects.create(person=first.person, country="PK", is_primary=False)


def test_the_same_nationality_is_recorded_once_per_person():
    first = NationalityFactory(country="IN", is_primary=False)
    assert refused(lambda: Nationality.objects.create(person=first.person, country="IN"))


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1"), Decimal("-0.01")])
def test_a_debt_amount_must_be_positive(amount):
    person = PersonFactory()
    assert refused(
        lambda: Debt.objects.create(person=person, kind=DebtKind.RANSOM, amount=amount, currency="USD")
    )
    assert not person.debts.exists()


def test_a_debt_is_in_a_currency_or_a_crypto_asset_never_both_or_neither():
    person = PersonFactory()
    assert refused(lambda: DebtFactory(person=person, currency="", crypto_asset=""))
    assert refused(lambda: DebtFactory(person=person, currency="USD", crypto_asset="USDT"))
    assert DebtFactory(person=person, currency="", crypto_asset="USDT").unit == "USDT"


def test_a_payment_date_or_payer_needs_the_debt_marked_paid():
    person = PersonFactory()
    assert refused(lambda: DebtFactory(person=person, is_paid=False, paid_on=datetime.date(2026, 10, 1)))
    assert refused(lambda: DebtFactory(person=person, is_paid=False, paid_by="family"))
    assert DebtFactory(person=person, is_paid=True, paid_by="family", paid_on=datetime.date(2026, 10, 1))


def test_a_currency_must_be_iso_4217_with_a_message_beside_the_field():
    debt = Debt(person=PersonFactory(), kind=DebtKind.FINE, amount=Decimal("10"), currency="XYZ")
    with pytest.raises(ValidationError) as error:
        debt.full_clean()
    assert "ISO 4217" in str(error.value.message_dict["currency"])


def test_full_clean_explains_a_non_positive_amount_in_plain_words():
    debt = Debt(person=PersonFactory(), kind=DebtKind.FINE, amount=Decimal("0"), currency="CNY")
    with pytest.raises(ValidationError) as error:
        debt.full_clean()
    assert "The amount must be more than zero." in error.value.messages


def test_only_one_consent_per_scope_is_in_force_and_withdrawn_ones_stay():
    person = PersonFactory()
    first = ConsentFactory(person=person, scope=ConsentScope.SHARE_EMBASSY)
    assert refused(lambda: ConsentFactory(person=person, scope=ConsentScope.SHARE_EMBASSY))
    first.withdrawn_at = timezone.now()
    first.save()
    ConsentFactory(person=person, scope=ConsentScope.SHARE_EMBASSY)
    assert person.consents.count() == 2
    assert Consent.objects.in_force().filter(person=person).count() == 1


def test_consent_cannot_be_withdrawn_before_it_was_given():
    consent = ConsentFactory()
    consent.withdrawn_at = consent.given_at - datetime.timedelta(minutes=1)
    assert refused(consent.save)


def test_a_person_has_a_date_of_birth_or_an_estimated_year_not_both():
    assert refused(lambda: PersonFactory(date_of_birth=datetime.date(2000, 1, 1), birth_year_estimated=2000))


def test_a_person_cannot_be_deleted_while_their_case_exists(ngo_a):
    case = CaseFactory(organisation=ngo_a)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        case.person.delete()
    assert Person.objects.filter(pk=case.person_id).exists()


def test_a_closed_case_needs_a_closing_date_and_an_open_one_has_none(ngo_a):
    case = CaseFactory(organisation=ngo_a)
    case.status = "Closed"
    assert refused(case.save)
    case.refresh_from_db()
    case.closed_at = timezone.now()
    assert refused(case.save)
