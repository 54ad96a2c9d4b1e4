"""Rows of the authorisation matrix for API v1, the token pages and the webhook pages.

The unversioned /api/... rows stay in `site/tests/test_authorization_matrix.py`;
v1 serves the same views, so its rows expect the same answers. The matrix
logs in with the session: token scopes are tested in `test_token_scopes.py`.
"""

from __future__ import annotations

from typing import Any

from dualcareer.api import tokens
from dualcareer.api.models import Webhook
from dualcareer.cases.models import Case, PartnerProfile
from dualcareer.core import locking
from dualcareer.site.tests.authz_common import (
    API_EMPLOYER,
    LOGGED_IN,
    NOBODY,
    at,
    earlier_notes,
)
from dualcareer.trainings.models import Audience, Status
from dualcareer.trainings.tests.factories import make_registration, make_training

API_LOGGED_IN = "- + + + + + + + +"  # the API answers 403 to anonymous, not a login redirect
API_MEMBERS = "- - - + + + + + +"  # staff of member institutions (members-only article)
# a training for the officers of the network's members: they and the coordinator
API_TRAINING_AUDIENCE = "- - - + + + + - +"
API_CASE = "- - - + + + - - -"  # a case at inst: its officers (the API answers 403, not login)
API_CONFIDENTIAL = "- - - + - - - - -"  # only the assigned officer
OWN_TOKEN = "L - - + - - - - -"  # alice's token: only alice
STAFF = "L - - + + + + + -"  # the institutions' own staff (officers, employer contacts)
INST_STAFF = "L - - + + + - - -"  # inst's webhook: inst's officers only
API_ORGANISER = "- - - - - - - - +"  # trainings/knowledge writes: the network's coordinator
API_ALICE = "- - - + - - - - -"  # trainings/knowledge writes: alice's own registration


# --- case writes: a change carries the record's current version (else a 400, also "+")
def _case_change(attribute: str) -> Any:
    def build(fx: Any) -> dict[str, Any]:
        case = Case.objects.get(pk=getattr(fx, attribute).pk)
        return {"version": locking.version_of(case), "recruited_position": "W3-Professur"}

    return build


def _profile_change(attribute: str) -> Any:
    def build(fx: Any) -> dict[str, Any]:
        profile = PartnerProfile.objects.get(case_id=getattr(fx, attribute).pk)
        return {"version": locking.version_of(profile), "city": "Bochum"}

    return build


ROWS: dict[str, dict[str, Any]] = {
    "api_v1:schema": {"url": at("api_v1:schema"), "GET": API_LOGGED_IN},
    "api_v1:docs": {"url": at("api_v1:docs"), "GET": API_LOGGED_IN},
    "api_v1:opening_list": {
        "url": at("api_v1:opening_list"),
        "GET": API_LOGGED_IN,
        "POST": API_EMPLOYER,
        "json": True,
        "data": lambda fx: {
            "employer": fx.employer_inst.slug,
            "title_de": "Laborleitung",
            "description_de": "Leitung des Labors.",
            "occupation_field": "research",
            "contract_type": "permanent",
            "places": [{"postcode": "45127", "city": "Essen"}],
        },
    },
    "api_v1:opening_import": {
        "url": at("api_v1:opening_import"),
        "POST": API_EMPLOYER,
        "json": True,
        "data": lambda fx: {"employer": fx.employer_inst.slug, "postings": []},
    },
    "api_v1:opening_import_status": {
        "url": at("api_v1:opening_import_status", "import_run.public_id"),
        "GET": API_EMPLOYER,
    },
    "api_v1:opening_detail": {
        "url": at("api_v1:opening_detail", "op_officers.public_id"),
        "GET": "- - - + + + + + +",
        "PATCH": API_EMPLOYER,
        "json": True,
        "data": {"title_de": "Neuer Titel"},
    },
    "api_v1:opening_detail[public]": {
        "url": at("api_v1:opening_detail", "op_public.public_id"),
        "GET": API_LOGGED_IN,
        "PATCH": API_EMPLOYER,
        "json": True,
        "data": {"title_de": "Neuer Titel"},
    },
    "api_v1:introduction_list": {
        "hidden": lambda fx: ["Xylander", "Paulina", fx.paula.email],
        "url": at("api_v1:introduction_list"),
        "GET": API_EMPLOYER,
    },
    "api_v1:introduction_answer": {
        "hidden": lambda fx: ["Xylander", "Paulina", fx.paula.email],
        "url": at("api_v1:introduction_answer", "introduction.public_id"),
        "POST": API_EMPLOYER,
        "json": True,
        "data": {"answer": "interested"},
    },
    "api_v1:institution_list": {"url": at("api_v1:institution_list"), "GET": API_LOGGED_IN},
    "api_v1:institution_detail": {
        "url": at("api_v1:institution_detail", "inst.slug"),
        "GET": API_LOGGED_IN,
    },
    "api_v1:network_list": {"url": at("api_v1:network_list"), "GET": API_LOGGED_IN},
    "api_v1:network_detail": {
        "url": at("api_v1:network_detail", "network.slug"),
        "GET": API_LOGGED_IN,
    },
    "api_v1:article_list": {"url": at("api_v1:article_list"), "GET": API_LOGGED_IN},
    "api_v1:article_detail": {
        "url": at("api_v1:article_detail", "kn_article.public_id"),
        "GET": API_MEMBERS,
    },
    "api_v1:case_list": {"url": at("api_v1:case_list"), "GET": API_LOGGED_IN},
    "api_v1:case_detail": {
        "url": at("api_v1:case_detail", "case.public_id"),
        "GET": API_CASE,
    },
    "api_v1:case_detail[confidential]": {
        "url": at("api_v1:case_detail", "conf_case.public_id"),
        "GET": API_CONFIDENTIAL,
    },
    "api_v1:case_detail[handed-over]": {
        "hidden": earlier_notes,  # other_inst's note stays with other_inst
        "url": at("api_v1:case_detail", "moved_case.public_id"),
        "GET": API_CASE,
    },
    # --- case writes (open a case; change it and the partner's profile, as on the pages)
    "api_v1:case_list[open]": {
        "url": at("api_v1:case_list"),
        "POST": "- - - + + + + - -",  # any officer, at their own institution
        "json": True,
        "data": {"recruited_name": "Prof. Dr. Rita Berufen"},
    },
    "api_v1:case_detail[change]": {
        "url": at("api_v1:case_detail", "case.public_id"),
        "PATCH": API_CASE,
        "json": True,
        "data": _case_change("case"),
    },
    "api_v1:case_detail[change-confidential]": {
        "url": at("api_v1:case_detail", "conf_case.public_id"),
        "PATCH": API_CONFIDENTIAL,
        "json": True,
        "data": _case_change("conf_case"),
    },
    "api_v1:case_detail[change-handed-over]": {
        "hidden": earlier_notes,
        "url": at("api_v1:case_detail", "moved_case.public_id"),
        "PATCH": API_CASE,
        "json": True,
        "data": _case_change("moved_case"),
    },
    "api_v1:case_profile": {
        "url": at("api_v1:case_profile", "case.public_id"),
        "PATCH": API_CASE,
        "json": True,
        "data": _profile_change("case"),
    },
    "api_v1:case_profile[confidential]": {
        "url": at("api_v1:case_profile", "conf_case.public_id"),
        "PATCH": API_CONFIDENTIAL,
        "json": True,
        "data": _profile_change("conf_case"),
    },
    "api_v1:case_profile[handed-over]": {
        "hidden": earlier_notes,
        "url": at("api_v1:case_profile", "moved_case.public_id"),
        "PATCH": API_CASE,
        "json": True,
        "data": _profile_change("moved_case"),
    },
    # officers of members and the coordinator; nobody else has statistics
    "api_v1:statistics": {"url": at("api_v1:statistics"), "GET": "- - - + + + + - +"},
    "api_v1:training_list": {"url": at("api_v1:training_list"), "GET": API_LOGGED_IN},
    "api_v1:registration_list": {"url": at("api_v1:registration_list"), "GET": API_LOGGED_IN},
    "api_v1:training_detail": {
        "url": at("api_v1:training_detail", "api_training.public_id"),
        "GET": API_TRAINING_AUDIENCE,
    },
    "api_v1:training_register": {
        "url": at("api_v1:training_register", "api_training.public_id"),
        "POST": API_TRAINING_AUDIENCE,
        "json": True,
    },
    # --- trainings/knowledge writes: the organisers (the network's coordinator: cora), a
    # participant's own registration (alice's), articles (writers of the institution)
    "api_v1:training_list[create]": {
        "url": at("api_v1:training_list"),
        "POST": API_ORGANISER,  # an incomplete body: 400 naming the fields, also "+"
        "json": True,
        "data": lambda fx: {"network": fx.network.slug},
    },
    "api_v1:training_detail[change]": {
        "url": at("api_v1:training_detail", "api_org_training.public_id"),
        "PATCH": API_ORGANISER,
        "json": True,
        "data": {"trainer": "Dr. Neu"},
    },
    "api_v1:training_publish": {
        "url": at("api_v1:training_publish", "api_draft.public_id"),
        "POST": API_ORGANISER,
        "json": True,
    },
    "api_v1:training_cancel": {
        "url": at("api_v1:training_cancel", "api_org_training.public_id"),
        "POST": API_ORGANISER,
        "json": True,
    },
    "api_v1:participant_list": {
        "url": at("api_v1:participant_list", "api_org_training.public_id"),
        "GET": API_ORGANISER,
        "POST": API_ORGANISER,
        "json": True,
        "data": {"name": "Nina Neu", "email": "nina@example.org"},
    },
    "api_v1:participant_remove": {
        "url": at(
            "api_v1:participant_remove",
            "api_org_training.public_id",
            "api_own_registration.public_id",
        ),
        "POST": API_ORGANISER,
        "json": True,
    },
    "api_v1:participant_move": {
        "url": at(
            "api_v1:participant_move",
            "api_org_training.public_id",
            "api_own_registration.public_id",
        ),
        "POST": API_ORGANISER,  # no target: 400 naming it
        "json": True,
    },
    "api_v1:training_attendance": {
        "url": at("api_v1:training_attendance", "api_org_training.public_id"),
        "POST": API_ORGANISER,  # not begun yet: 400
        "json": True,
        "data": {"attended": []},
    },
    "api_v1:registration_cancel": {
        "url": at("api_v1:registration_cancel", "api_own_registration.public_id"),
        "POST": API_ALICE,
        "json": True,
    },
    "api_v1:registration_accept": {
        "url": at("api_v1:registration_accept", "api_own_registration.public_id"),
        "POST": API_ALICE,  # no place offered: 400
        "json": True,
    },
    "api_v1:article_list[create]": {
        "url": at("api_v1:article_list"),
        "POST": "- - - + + + + - +",  # staff of members writing for their own institution
        "json": True,
    },
    "api_v1:article_detail[change]": {
        "url": at("api_v1:article_detail", "kn_article.public_id"),
        "PATCH": "- - - + + + - - +",  # inst's writers and the coordinator, as on the page
        "json": True,
        "data": {"summary": "Kurz gefasst", "version": 1},
    },
    "api_v1:not_found": {"url": lambda fx: "/api/v1/no/such/thing/", "GET": NOBODY},
    # --- the pages: tokens (every account), webhooks (the institutions' staff) ---
    "api_pages:token_list": {
        "url": at("api_pages:token_list"),
        "GET": LOGGED_IN,
        "POST": LOGGED_IN,  # an empty form: 400 with the errors
    },
    "api_pages:token_revoke": {
        "url": at("api_pages:token_revoke", "api_token.public_id"),
        "POST": OWN_TOKEN,
    },
    "api_pages:webhook_list": {
        "url": at("api_pages:webhook_list"),
        "GET": STAFF,
        "POST": STAFF,
    },
    "api_pages:webhook_detail": {
        "url": at("api_pages:webhook_detail", "webhook.public_id"),
        "GET": INST_STAFF,
    },
    "api_pages:webhook_delete": {
        "url": at("api_pages:webhook_delete", "webhook.public_id"),
        "POST": INST_STAFF,
    },
}


def setup(cls: Any) -> None:
    _setup_training_writes(cls)
    cls.api_training = make_training(cls.network, audience=Audience.OFFICERS)
    cls.api_token, _raw = tokens.token_create(
        user=cls.alice, name="HR-System", scopes=["openings:read"], lifetime_days=30
    )
    # Stored directly: a receiver that never resolves (no request leaves the test).
    cls.webhook = Webhook.objects.create(
        institution=cls.inst,
        url="https://receiver.invalid/hook",
        events=["opening.published"],
        secret="0" * 64,
    )


def _setup_training_writes(cls: Any) -> None:
    """trainings/knowledge writes: a draft, and a training where alice holds a seat."""
    cls.api_draft = make_training(cls.network, status=Status.DRAFT)
    cls.api_org_training = make_training(cls.network, audience=Audience.OFFICERS, days=21)
    cls.api_own_registration = make_registration(cls.api_org_training, user=cls.alice)


PATTERN_COUNT = 22 + 5 + 6  # API v1, the pages, the e-mail log in the admin
ADMIN_PATTERN_COUNT = 6
CELL_COUNT = 9 * 35  # 35 (row, method) pairs x 9 roles

# --- case writes: the profile pattern; 7 (row, method) pairs
PATTERN_COUNT += 1
CELL_COUNT += 9 * 7

# --- trainings/knowledge writes: 8 patterns; 13 (row, method) pairs
PATTERN_COUNT += 8
CELL_COUNT += 9 * 13
