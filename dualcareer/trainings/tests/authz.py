"""The programme's rows of the authorisation matrix (see site/tests/test_authorization_matrix.py).

`tr_training` is a published training for the members' officers (alice is
registered); `tr_public` is open to everybody; `tr_past` is over, alice
attended it (certificate, feedback invitation). `tr_document` is shared on
`tr_training` (members), `tr_later` only after it (its coordinators until
then); `tr_public_document` is on `tr_public`, where paula holds a place (a
participant: she downloads it, pete does not). Token links (confirmation,
registration, calendar feed, feedback) carry their credential: everybody
who has the link gets the page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.urls import reverse

from dualcareer.site.tests.authz_common import ALL, COORDINATOR, LOGGED_IN, at, link
from dualcareer.trainings import services
from dualcareer.trainings.models import Audience, FeedbackInvitation, Sharing
from dualcareer.trainings.tests.factories import (
    make_document,
    make_registration,
    make_training,
)

MEMBERS_SEE = "- - - + + + + - +"  # members' officers and the coordinator; 404 to everybody else
ALICE_ONLY = "L - - + - - - - -"

ROWS: dict[str, dict[str, Any]] = {
    "trainings:programme": {"url": at("trainings:programme"), "GET": ALL},
    "trainings:detail": {
        "url": at("trainings:detail", "tr_training.public_id"),
        "GET": MEMBERS_SEE,
        "POST": MEMBERS_SEE,  # one click: registered, or told they already are
    },
    "trainings:detail[public]": {
        "url": at("trainings:detail", "tr_public.public_id"),
        "GET": ALL,
        "POST": ALL,  # anonymous: the empty form again (400 naming the fields)
    },
    "trainings:document": {
        "url": at("trainings:document", "tr_training.public_id", "tr_document.public_id"),
        "GET": MEMBERS_SEE,
    },
    "trainings:document[after the meeting]": {
        "url": at("trainings:document", "tr_training.public_id", "tr_later.public_id"),
        "GET": "- - - - - - - - +",  # not yet shared: its coordinators only
    },
    "trainings:document[participant]": {
        "url": at("trainings:document", "tr_public.public_id", "tr_public_document.public_id"),
        "GET": "- + - + + + + - +",  # members and paula, a participant; never anonymous
    },
    "trainings:ics": {"url": at("trainings:ics", "tr_training.public_id"), "GET": MEMBERS_SEE},
    "trainings:confirm": {"url": link("tr_confirm_path"), "GET": ALL, "POST": ALL},
    "trainings:registration": {"url": link("tr_registration_path"), "GET": ALL, "POST": ALL},
    "trainings:verify": {"url": at("trainings:verify"), "GET": ALL},
    "trainings:verify_code": {"url": at("trainings:verify_code", "tr_code"), "GET": ALL},
    "trainings:feed": {"url": link("tr_feed_path"), "GET": ALL},
    "trainings:feedback": {"url": link("tr_feedback_path"), "GET": ALL, "POST": ALL},
    "trainings:mine": {"url": at("trainings:mine"), "GET": LOGGED_IN, "POST": LOGGED_IN},
    "trainings:cancel": {
        "url": at("trainings:cancel", "tr_registration.public_id"),
        "POST": ALICE_ONLY,
    },
    "trainings:certificate": {
        "url": at("trainings:certificate", "tr_attended.public_id"),
        "GET": ALICE_ONLY,
    },
    "trainings:manage": {"url": at("trainings:manage"), "GET": COORDINATOR},
    "trainings:create": {
        "url": at("trainings:create", "network.slug"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "trainings:feedback_overview": {
        "url": at("trainings:feedback_overview", "network.slug"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "trainings:edit": {
        "url": at("trainings:edit", "tr_training.public_id"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "trainings:status": {
        "url": at("trainings:status", "tr_training.public_id"),
        "POST": COORDINATOR,
    },
    "trainings:participants": {
        "url": at("trainings:participants", "tr_training.public_id"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "trainings:participant_action": {
        "url": at(
            "trainings:participant_action", "tr_training.public_id", "tr_registration.public_id"
        ),
        "POST": COORDINATOR,
    },
    "trainings:attendance": {
        "url": at("trainings:attendance", "tr_training.public_id"),
        "POST": COORDINATOR,
    },
    "trainings:documents": {
        "url": at("trainings:documents", "tr_training.public_id"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,  # the empty form again (400 naming the fields)
    },
    "trainings:document_remove": {
        "url": at("trainings:document_remove", "tr_training.public_id", "tr_document.public_id"),
        "POST": COORDINATOR,
    },
    "trainings:feedback_results": {
        "url": at("trainings:feedback_results", "tr_past.public_id"),
        "GET": COORDINATOR,
    },
}

PATTERN_COUNT = 24
ADMIN_PATTERN_COUNT = 0
CELL_COUNT = 38 * 9


def setup(cls: Any) -> None:
    """Build the trainings, registrations and token links the rows read."""
    cls.tr_training = make_training(cls.network, capacity=5)
    cls.tr_registration = services.registration_create(training=cls.tr_training, user=cls.alice)
    cls.tr_registration_path = reverse(
        "trainings:registration", kwargs={"token": cls.tr_registration.token}
    )
    cls.tr_public = make_training(cls.network, audience=Audience.PUBLIC, title_de="Netzwerkabend")
    pending = services.registration_create(
        training=cls.tr_public, name="Vera Visitor", email="vera@example.org"
    )
    cls.tr_confirm_path = urlsplit(services._confirm_url(pending)).path
    cls.tr_past = make_training(cls.network, days=-7)
    cls.tr_attended = make_registration(
        cls.tr_past, user=cls.alice, attended=True, certificate_code="TESTCODE2345"
    )
    cls.tr_code = cls.tr_attended.certificate_code
    invitation = FeedbackInvitation.objects.create(registration=cls.tr_attended)
    cls.tr_feedback_path = reverse("trainings:feedback", kwargs={"token": invitation.token})
    cls.tr_document = make_document(cls.tr_training, uploaded_by=cls.cora)
    cls.tr_later = make_document(cls.tr_training, sharing=Sharing.AFTER, title="Protokoll")
    services.registration_create(training=cls.tr_public, user=cls.paula)
    cls.tr_public_document = make_document(cls.tr_public)
    token = services.feed_reset(user=cls.alice)
    cls.tr_feed_path = reverse("trainings:feed", kwargs={"token": token})
