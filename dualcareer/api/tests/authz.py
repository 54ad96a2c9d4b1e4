"""Rows of the authorisation matrix for API v1, the token pages and the webhook pages.

The unversioned /api/... rows stay in `site/tests/test_authorization_matrix.py`;
v1 serves the same views, so its rows expect the same answers. The matrix
logs in with the session: token scopes are tested in `test_token_scopes.py`.
"""

from __future__ import annotations

from typing import Any

from dualcareer.api import tokens
from dualcareer.api.models import Webhook
from dualcareer.site.tests.authz_common import (
    API_EMPLOYER,
    LOGGED_IN,
    NOBODY,
    at,
    earlier_notes,
)
from dualcareer.trainings.models import Audience
from dualcareer.trainings.tests.factories import make_training

API_LOGGED_IN = "- + + + + + + + +"  # the API answers 403 to anonymous, not a login redirect
API_MEMBERS = "- - - + + + + + +"  # staff of member institutions (members-only article)
# a training for the officers of the network's members: they and the coordinator
API_TRAINING_AUDIENCE = "- - - + + + + - +"
API_CASE = "- - - + + + - - -"  # a case at inst: its officers (the API answers 403, not login)
API_CONFIDENTIAL = "- - - + - - - - -"  # only the assigned officer
OWN_TOKEN = "L - - + - - - - -"  # alice's token: only alice
STAFF = "L - - + + + + + -"  # the institutions' own staff (officers, employer contacts)
INST_STAFF = "L - - + + + - - -"  # inst's webhook: inst's officers only

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


PATTERN_COUNT = 22 + 5 + 6  # API v1, the pages, the e-mail log in the admin
ADMIN_PATTERN_COUNT = 6
CELL_COUNT = 9 * 35  # 35 (row, method) pairs x 9 roles
