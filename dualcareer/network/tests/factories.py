"""Factories of the network app's own models."""

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from dualcareer.network.models import (
    Application,
    Contact,
    Institution,
    Network,
    NetworkMembership,
    Sector,
    Signature,
    StatementVersion,
)
from dualcareer.network.validation import name_key
from dualcareer.testing import factories as f
from dualcareer.testing.factories import InstitutionFactory, NetworkFactory


class StatementVersionFactory(DjangoModelFactory[StatementVersion]):
    class Meta:
        model = StatementVersion

    network = factory.SubFactory(NetworkFactory)
    number = 1
    title_de = "Gemeinsame Erklärung"
    title_en = "Joint statement"
    text_de = "Wir unterstützen Dual Career-Paare.\n\nZweiter Absatz."
    text_en = "We support dual career couples.\n\nSecond paragraph."
    published_on = dt.date(2020, 1, 1)


class SignatureFactory(DjangoModelFactory[Signature]):
    class Meta:
        model = Signature

    version = factory.SubFactory(StatementVersionFactory)
    institution = factory.SubFactory(InstitutionFactory)
    signed_on = dt.date(2020, 1, 1)


class ApplicationFactory(DjangoModelFactory[Application]):
    class Meta:
        model = Application

    network = factory.SubFactory(NetworkFactory)
    kind = Application.Kind.JOIN
    organisation_name = factory.Sequence(lambda n: f"Antragsteller GmbH {n}")
    name_key = factory.LazyAttribute(lambda o: name_key(o.organisation_name))
    sector = Sector.COMPANY
    postcode = "44787"
    city = "Bochum"
    contact_name = "Dana Demo"
    contact_email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    contact_language = "en"
    accepts_standards = True


# Typed shortcuts to the shared factories (which are not generic).
def make_institution(**kwargs: Any) -> Institution:
    institution: Institution = f.InstitutionFactory.create(**kwargs)
    return institution


def make_contact(**kwargs: Any) -> Contact:
    contact: Contact = f.ContactFactory.create(**kwargs)
    return contact


def make_network(**kwargs: Any) -> Network:
    network: Network = f.NetworkFactory.create(**kwargs)
    return network


def make_membership(**kwargs: Any) -> NetworkMembership:
    membership: NetworkMembership = f.NetworkMembershipFactory.create(**kwargs)
    return membership
