"""factory_boy factories for tests; every app adds its own next to its models' tests."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.network.models import Contact, Institution, Network, NetworkMembership, Sector

TEST_PASSWORD = "correct-horse-battery-7"  # noqa: S105 - test data


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Testhochschule {n}")
    slug = factory.Sequence(lambda n: f"test-institution-{n}")
    sector = Sector.UNIVERSITY
    postcode = "44801"
    city = "Bochum"
    latitude = factory.LazyFunction(lambda: 51.4447)
    longitude = factory.LazyFunction(lambda: 7.2617)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    is_dual_career_contact = True


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Testnetzwerk {n}")
    slug = factory.Sequence(lambda n: f"test-network-{n}")
    kind = Network.Kind.REGIONAL


class NetworkMembershipFactory(DjangoModelFactory):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    institution = factory.SubFactory(InstitutionFactory)
    joined_on = dt.date(2020, 1, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Vorname{n}")
    last_name = "Test"
    kind = User.Kind.STAFF
    language = "de"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()  # type: ignore[attr-defined]


class PartnerUserFactory(UserFactory):
    kind = User.Kind.PARTNER


class InstitutionRoleFactory(DjangoModelFactory):
    class Meta:
        model = InstitutionRole

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Role.OFFICER
