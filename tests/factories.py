"""factory_boy factories for every model tests create. Names are synthetic."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from cases.models import Case, Organisation, OrganisationType, Role, StaffProfile
from intake.models import Consent, Debt, Nationality, Person
from intake.vocabularies import ConsentMethod, ConsentScope, DebtKind, Gender


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Test NGO {n}")
    org_type = OrganisationType.NGO
    country = "TH"
    city = "Mae Sot"


class EmbassyFactory(OrganisationFactory):
    name = factory.LazyAttribute(lambda o: f"Embassy {o.represents_country}")
    org_type = OrganisationType.CENTRAL_GOVERNMENT
    city = "Bangkok"
    represents_country = "IN"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    """A user with a staff profile: pass `role` and `organisation`."""

    class Params:
        role = Role.CASEWORKER
        organisation = factory.SubFactory(OrganisationFactory)

    profile = factory.RelatedFactory(
        "tests.factories.StaffProfileFactory",
        factory_related_name="user",
        role=factory.SelfAttribute("..role"),
        organisation=factory.SelfAttribute("..organisation"),
    )


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Iterator(["Arjun", "Maria", "Wei", "Minh", "Aung Win", "Grace"])
    family_name = factory.Iterator(["Testperson", "Example", "Sample", "Fictive"])
    gender = Gender.MASCULINE
    birth_year_estimated = 1995
    arrived_on = datetime.date(2026, 10, 23)


class NationalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nationality

    person = factory.SubFactory(PersonFactory)
    country = "IN"
    is_primary = True


class CaseFactory(factory.django.DjangoModelFactory):
    """A case with its person; `nationality="IN"` adds a primary nationality."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def nationality(obj, create, extracted, **kwargs):
        if create and extracted:
            NationalityFactory(person=obj.person, country=extracted)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    scope = ConsentScope.SHARE_EMBASSY
    given_at = factory.LazyFunction(timezone.now)
    method = ConsentMethod.VERBAL


class DebtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Debt

    person = factory.SubFactory(PersonFactory)
    kind = DebtKind.CONTRACT_TERMINATION
    amount = Decimal("5000")
    currency = "USD"
