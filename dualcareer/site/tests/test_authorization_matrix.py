"""The authorisation matrix: every URL pattern and API operation, with the answer each role gets.

Issue 9 asked for the authorisation rules as a table in the suite. `TABLE`
below has one entry per URL name of the project (the Django admin is one row
family, "admin:*"); each entry says how to build the URL from the fixture and,
per HTTP method, what each of the nine roles must get:

    A  anonymous visitor
    P  paula, the partner of the normal case (her own case)
    Q  pete, another partner (his own case, handed over from other_inst to inst)
    O  alice, officer at inst, assigned to all three cases at inst
    C  bob, colleague at inst, assigned to the normal case
    N  dora, colleague at inst NOT assigned to the confidential case (nor any other)
    X  charlie, officer of other_inst (the outsider, and pete's previous institution)
    E  emil, employer contact at employer_inst (which posts the openings)
    K  cora, network coordinator

Answers: "+" ok (2xx; a 302 that is not to a login page; 400 naming a field),
"L" sent to a login page, "-" refused (403 or 404), "G" gone (410). No request
may answer 500. POST bodies are empty or minimal: a permitted role gets the
form again with errors, a redirect or a 400; everybody else login or refusal.

A URL pattern without an entry, or an entry naming a URL that no longer
exists, fails `test_every_url_pattern_has_a_row`. The counts (checked by
`test_the_matrix_size`): 189 URL patterns (94 outside the admin, 95 in the
admin) x 9 roles = 1701 pattern-role pairs; 141 rows (some URLs have a row
per fixture variant: confidential case, handed-over case, visibility, used or
ended link) give 1800 (row, method, role) tests and 2637 requests (the
admin family is one test per role over its 94 patterns).

Some rows also name text that must not appear in any answer ("hidden"): the
previous institution's note after a handover, and the partner's name and
e-mail on every page an employer or a member's contact reads.

Rows whose answer today differs from the rule are listed in
`PENDING_FIXES` (with the issue-9 item) and expected to fail
(unittest's expectedFailure: an unexpected pass fails the run, so the mark
must be removed when the fix lands).
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import shutil
import tempfile
import unittest
from collections.abc import Callable
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

from django.apps import apps as django_apps
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language_from_path

from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.cases import handovers, invitations, services
from dualcareer.cases.models import Case, CaseTask, Handover
from dualcareer.cases.tests.uploads_data import MINIMAL_PDF
from dualcareer.core.models import JobRun
from dualcareer.exchange import services as xsvc
from dualcareer.exchange.models import Introduction, NetworkRequest, NetworkRequestRecipient
from dualcareer.knowledge import services as knowledge_services
from dualcareer.knowledge.tests.factories import make_assessment, make_catalogue
from dualcareer.network import services as network_services
from dualcareer.network.models import Application, Contact, NetworkMembership
from dualcareer.network.tests.factories import ApplicationFactory, StatementVersionFactory
from dualcareer.openings import importing
from dualcareer.openings import services as opening_services
from dualcareer.openings.matchmaking import adapter as matching_adapter
from dualcareer.openings.models import FeedSource, Opening, SavedSearch, Visibility
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.openings.views import unsubscribe_token
from dualcareer.site.tests.authz_common import (
    ADMIN,
    ALL,
    API_EMPLOYER,
    BETA_NOTE,
    CASE,
    CONFIDENTIAL,
    COORDINATOR,
    EMPLOYER,
    GONE,
    INST_ADMIN,
    LOGGED_IN,
    NOBODY,
    OFFICERS,
    OUTCOMES,
    PARTNERS,
    PAULA,
    POSTERS,
    ROLES,
    SECRET_NAME,
    anonymised,
    at,
    earlier_notes,
    link,
)
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase

# --- the table ---------------------------------------------------------------
#
# Key: URL name, or "name[variant]" for the same URL on another fixture
# object (a confidential case, the handed-over case, another visibility).
# "url": the builder; "GET"/"POST"/"PATCH": the expectation per role,
# in the order A P Q O C N X E K; "data": the body (dict, or a function of the
# fixture); "json": send the body as JSON (API).

TABLE: dict[str, dict[str, Any]] = {
    # --- language switch and accounts ---
    "language_switch": {"url": at("language_switch"), "POST": ALL},  # 400: no language
    "accounts:login": {"url": at("accounts:login"), "GET": ALL, "POST": ALL},
    "accounts:logout": {"url": at("accounts:logout"), "POST": ALL},
    "accounts:password_reset": {"url": at("accounts:password_reset"), "GET": ALL, "POST": ALL},
    "accounts:password_reset_done": {"url": at("accounts:password_reset_done"), "GET": ALL},
    "accounts:password_reset_confirm": {"url": link("reset_path"), "GET": ALL},
    "accounts:password_reset_complete": {"url": at("accounts:password_reset_complete"), "GET": ALL},
    # --- the REST API (session login here; anonymous gets 403) ---
    "api:schema": {"url": at("api:schema"), "GET": "- + + + + + + + +"},  # item 23: not public
    "api:opening_list": {
        "url": at("api:opening_list"),
        "GET": "- + + + + + + + +",
        "POST": API_EMPLOYER,
        "json": True,
        "data": lambda fx: {
            "employer": fx.employer_inst.slug,
            "title_de": "Laborleitung",
            "occupation_field": "research",
            "contract_type": "permanent",
            "places": [{"postcode": "45127", "city": "Essen"}],
        },
    },
    "api:opening_import": {
        "url": at("api:opening_import"),
        "POST": API_EMPLOYER,
        "json": True,
        "data": lambda fx: {"employer": fx.employer_inst.slug, "postings": []},
    },
    "api:opening_import_status": {
        "url": at("api:opening_import_status", "import_run.public_id"),
        "GET": API_EMPLOYER,
    },
    "api:opening_detail": {
        "url": at("api:opening_detail", "op_officers.public_id"),
        "GET": "- - - + + + + + +",
        "PATCH": API_EMPLOYER,
        "json": True,
        "data": {"title_de": "Neuer Titel"},
    },
    "api:opening_detail[network]": {
        "url": at("api:opening_detail", "op_network.public_id"),
        "GET": "- + + + + + + + +",
    },
    "api:opening_detail[public]": {
        "url": at("api:opening_detail", "op_public.public_id"),
        "GET": "- + + + + + + + +",
        "PATCH": API_EMPLOYER,
        "json": True,
        "data": {"title_de": "Neuer Titel"},
    },
    "api:introduction_list": {
        "hidden": anonymised,
        "url": at("api:introduction_list"),
        "GET": API_EMPLOYER,
    },
    "api:introduction_answer": {
        "hidden": anonymised,
        "url": at("api:introduction_answer", "introduction.public_id"),
        "POST": API_EMPLOYER,
        "json": True,
        "data": {"answer": "interested"},
    },
    # --- network: public pages ---
    "network:directory": {"url": at("network:directory"), "GET": ALL},
    "network:map": {"url": at("network:map"), "GET": ALL},
    "network:map_data": {"url": at("network:map_data"), "GET": ALL},
    "network:institution_detail": {
        "url": at("network:institution_detail", "inst.slug"),
        "GET": ALL,
    },
    "network:network_list": {"url": at("network:network_list"), "GET": ALL},
    "network:network_detail": {"url": at("network:network_detail", "network.slug"), "GET": ALL},
    "network:statement": {"url": at("network:statement", "network.slug"), "GET": ALL},
    "network:statement_print": {"url": at("network:statement_print", "network.slug"), "GET": ALL},
    "network:apply": {"url": at("network:apply", "network.slug"), "GET": ALL, "POST": ALL},
    "network:apply_done": {"url": at("network:apply_done", "network.slug"), "GET": ALL},
    "network:application_reply": {"url": link("reply_path"), "GET": ALL, "POST": ALL},
    # Item 4: a reply link serves once; used, it is dead for everybody.
    "network:application_reply[used]": {"url": link("used_reply_path"), "GET": NOBODY},
    # --- network: a member's profile, contacts and users ---
    "network:institution_edit": {
        "url": at("network:institution_edit", "inst.slug"),
        "GET": INST_ADMIN,
        "POST": INST_ADMIN,
    },
    "network:contact_add": {
        "url": at("network:contact_add", "inst.slug"),
        "GET": INST_ADMIN,
        "POST": INST_ADMIN,
    },
    "network:contact_edit": {
        "url": at("network:contact_edit", "inst.slug", "contact.pk"),
        "GET": INST_ADMIN,
        "POST": INST_ADMIN,
    },
    "network:contact_delete": {
        "url": at("network:contact_delete", "inst.slug", "contact.pk"),
        "GET": INST_ADMIN,
        "POST": INST_ADMIN,
    },
    # Issue 9 item 1: the coordinator sees who holds roles, but cannot make
    # themselves (or anyone) an officer of a member that has officers.
    "network:institution_users": {
        "url": at("network:institution_users", "inst.slug"),
        "GET": INST_ADMIN,
        "POST": "L - - + + + - - -",
        "data": lambda fx: {
            "email": fx.cora.email,
            "first_name": "Cora",
            "last_name": "Test",
            "role": Role.OFFICER,
            "language": "de",
        },
    },
    "network:role_revoke": {
        "url": at("network:role_revoke", "inst.slug", "dora_role.pk"),
        "POST": INST_ADMIN,
    },
    "network:statement_new_version": {
        "url": at("network:statement_new_version", "network.slug"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "network:statement_sign": {
        "url": at("network:statement_sign", "network.slug"),
        "POST": INST_ADMIN,
        "data": lambda fx: {"institution": fx.inst.slug},
    },
    "network:membership_leave": {
        "url": at("network:membership_leave", "inst_membership.pk"),
        "GET": INST_ADMIN,
        "POST": INST_ADMIN,
    },
    "network:application_list": {"url": at("network:application_list"), "GET": COORDINATOR},
    "network:application_detail": {
        "url": at("network:application_detail", "application.public_id"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,  # 400 "unknown action" for the coordinator
    },
    # --- cases: lists, process, rules, handovers ---
    "cases:list": {"url": at("cases:list"), "GET": OFFICERS},
    "cases:open": {"url": at("cases:open"), "GET": OFFICERS, "POST": OFFICERS},
    "cases:process": {"url": at("cases:process"), "GET": OFFICERS, "POST": OFFICERS},
    "cases:policy": {"url": at("cases:policy"), "GET": OFFICERS, "POST": OFFICERS},
    # paula's case waits for other_inst (charlie) to accept it.
    "cases:handover_decide": {
        "url": at("cases:handover_decide", "pending_handover.public_id"),
        "GET": "L - - - - - + - -",
        "POST": "L - - - - - + - -",
    },
    # --- cases: one case (normal / confidential / handed over) ---
    "cases:detail": {"url": at("cases:detail", "case.public_id"), "GET": CASE},
    "cases:detail[confidential]": {
        "url": at("cases:detail", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
    },
    "cases:detail[handed-over]": {
        "hidden": earlier_notes,
        "url": at("cases:detail", "moved_case.public_id"),
        "GET": CASE,
    },
    "cases:edit": {"url": at("cases:edit", "case.public_id"), "GET": CASE, "POST": CASE},
    "cases:edit[confidential]": {
        "url": at("cases:edit", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
        "POST": CONFIDENTIAL,
    },
    "cases:edit[handed-over]": {
        "url": at("cases:edit", "moved_case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "cases:status": {"url": at("cases:status", "case.public_id"), "POST": CASE},
    "cases:status[confidential]": {
        "url": at("cases:status", "conf_case.public_id"),
        "POST": CONFIDENTIAL,
    },
    "cases:status[handed-over]": {"url": at("cases:status", "moved_case.public_id"), "POST": CASE},
    "cases:close": {"url": at("cases:close", "case.public_id"), "GET": CASE, "POST": CASE},
    "cases:close[confidential]": {
        "url": at("cases:close", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
        "POST": CONFIDENTIAL,
    },
    "cases:close[handed-over]": {
        "url": at("cases:close", "moved_case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "cases:reopen": {"url": at("cases:reopen", "case.public_id"), "POST": CASE},
    "cases:reopen[confidential]": {
        "url": at("cases:reopen", "conf_case.public_id"),
        "POST": CONFIDENTIAL,
    },
    "cases:reopen[handed-over]": {"url": at("cases:reopen", "moved_case.public_id"), "POST": CASE},
    "cases:invite": {"url": at("cases:invite", "case.public_id"), "GET": CASE, "POST": CASE},
    "cases:invite[confidential]": {
        "url": at("cases:invite", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
        "POST": CONFIDENTIAL,
    },
    "cases:invite[handed-over]": {
        "url": at("cases:invite", "moved_case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "cases:activity_add": {
        "url": at("cases:activity_add", "case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "cases:activity_add[confidential]": {
        "url": at("cases:activity_add", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
        "POST": CONFIDENTIAL,
    },
    "cases:activity_add[handed-over]": {
        "url": at("cases:activity_add", "moved_case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "cases:task_done": {"url": at("cases:task_done", "case.public_id", "task.pk"), "POST": CASE},
    "cases:task_done[confidential]": {
        "url": at("cases:task_done", "conf_case.public_id", "conf_task.pk"),
        "POST": CONFIDENTIAL,
    },
    "cases:task_done[handed-over]": {
        "url": at("cases:task_done", "moved_case.public_id", "moved_task.pk"),
        "POST": CASE,
    },
    "cases:profile_edit": {
        "url": at("cases:profile_edit", "case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "cases:profile_edit[confidential]": {
        "url": at("cases:profile_edit", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
        "POST": CONFIDENTIAL,
    },
    "cases:profile_edit[handed-over]": {
        "url": at("cases:profile_edit", "moved_case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "cases:cv": {"url": at("cases:cv", "case.public_id"), "GET": CASE},
    "cases:cv[confidential]": {"url": at("cases:cv", "conf_case.public_id"), "GET": CONFIDENTIAL},
    "cases:cv[handed-over]": {"url": at("cases:cv", "moved_case.public_id"), "GET": CASE},
    "cases:consent_withdraw": {
        "url": at("cases:consent_withdraw", "case.public_id"),
        "POST": CASE,
    },
    "cases:consent_withdraw[confidential]": {
        "url": at("cases:consent_withdraw", "conf_case.public_id"),
        "POST": CONFIDENTIAL,
    },
    "cases:consent_withdraw[handed-over]": {
        "url": at("cases:consent_withdraw", "moved_case.public_id"),
        "POST": CASE,
    },
    "cases:export": {"url": at("cases:export", "case.public_id"), "GET": CASE},
    "cases:export[confidential]": {
        "url": at("cases:export", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
    },
    "cases:export[handed-over]": {
        "hidden": earlier_notes,
        "url": at("cases:export", "moved_case.public_id"),
        "GET": CASE,
    },
    "cases:export_json": {"url": at("cases:export_json", "case.public_id"), "GET": CASE},
    "cases:export_json[confidential]": {
        "url": at("cases:export_json", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
    },
    "cases:export_json[handed-over]": {
        "hidden": earlier_notes,
        "url": at("cases:export_json", "moved_case.public_id"),
        "GET": CASE,
    },
    "cases:erase": {"url": at("cases:erase", "case.public_id"), "GET": CASE, "POST": CASE},
    "cases:erase[confidential]": {
        "url": at("cases:erase", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
        "POST": CONFIDENTIAL,
    },
    "cases:erase[handed-over]": {
        "url": at("cases:erase", "moved_case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "cases:handover": {"url": at("cases:handover", "case.public_id"), "GET": CASE, "POST": CASE},
    "cases:handover[confidential]": {
        "url": at("cases:handover", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
        "POST": CONFIDENTIAL,
    },
    "cases:handover[handed-over]": {
        "url": at("cases:handover", "moved_case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    # Only paula's case has a handover to cancel.
    "cases:handover_cancel": {"url": at("cases:handover_cancel", "case.public_id"), "POST": CASE},
    # --- cases: the partner's self-service ---
    "cases:invitation": {"url": link("invite_path"), "GET": ALL, "POST": ALL},
    "cases:invitation[used]": {"url": link("used_invite_path"), "GET": NOBODY},  # item 4
    "cases:my_case": {"url": at("cases:my_case"), "GET": LOGGED_IN},  # staff: "no case"
    "cases:my_profile": {"url": at("cases:my_profile"), "GET": PARTNERS, "POST": PARTNERS},
    "cases:my_cv": {"url": at("cases:my_cv"), "GET": PARTNERS},
    "cases:my_consent": {"url": at("cases:my_consent"), "GET": PARTNERS, "POST": PARTNERS},
    "cases:my_export": {"hidden": earlier_notes, "url": at("cases:my_export"), "GET": PARTNERS},
    "cases:my_export_json": {
        "hidden": earlier_notes,
        "url": at("cases:my_export_json"),
        "GET": PARTNERS,
    },
    "cases:my_export_pdf": {
        "hidden": earlier_notes,
        "url": at("cases:my_export_pdf"),
        "GET": PARTNERS,
    },
    "cases:my_erase": {"url": at("cases:my_erase"), "GET": PARTNERS, "POST": PARTNERS},
    "cases:my_handover": {"url": at("cases:my_handover"), "POST": PARTNERS},
    # --- openings ---
    "openings:list": {"url": at("openings:list"), "GET": ALL},
    "openings:detail[public]": {"url": at("openings:detail", "op_public.public_id"), "GET": ALL},
    "openings:detail": {
        "url": at("openings:detail", "op_network.public_id"),
        "GET": "- + + + + + + + +",
    },
    "openings:detail[officers]": {
        "url": at("openings:detail", "op_officers.public_id"),
        "GET": "- - - + + + + + +",
    },
    "openings:create": {"url": at("openings:create"), "GET": POSTERS, "POST": POSTERS},
    "openings:import": {"url": at("openings:import"), "GET": POSTERS, "POST": POSTERS},
    # An import job's progress: staff of the importing institution only (emil's).
    "openings:import_progress": {
        "url": at("openings:import_progress", "import_run.public_id"),
        "GET": EMPLOYER,
    },
    "openings:import_status": {
        "url": at("openings:import_status", "import_run.public_id"),
        "GET": EMPLOYER,
    },
    "openings:manage": {"hidden": anonymised, "url": at("openings:manage"), "GET": POSTERS},
    # Job feeds: staff who import openings; one feed of emil's institution.
    "openings:feeds": {"url": at("openings:feeds"), "GET": POSTERS, "POST": POSTERS},
    "openings:feed_run": {"url": at("openings:feed_run", "feed.public_id"), "POST": EMPLOYER},
    "openings:feed_delete": {
        "url": at("openings:feed_delete", "feed.public_id"),
        "POST": EMPLOYER,
    },
    "openings:edit": {
        "url": at("openings:edit", "op_officers.public_id"),
        "GET": EMPLOYER,
        "POST": EMPLOYER,
    },
    "openings:publish": {"url": at("openings:publish", "op_public.public_id"), "POST": EMPLOYER},
    "exchange:opening_matches": {
        "hidden": anonymised,
        "url": at("exchange:opening_matches", "op_public.public_id"),
        "GET": EMPLOYER,
        "POST": EMPLOYER,
        "data": lambda fx: {
            "profile": xsvc.interest_token(opening=fx.op_public, case=fx.case),
        },
    },
    "openings:saved_searches": {
        "url": at("openings:saved_searches"),
        "GET": LOGGED_IN,
        "POST": PAULA,  # deleting paula's saved search
        "data": lambda fx: {"search": str(fx.saved_search.public_id)},
    },
    "openings:saved_search_create": {"url": at("openings:saved_search_create"), "POST": LOGGED_IN},
    "openings:saved_search_unsubscribe": {"url": link("unsubscribe_path"), "GET": ALL, "POST": ALL},
    "exchange:my_introductions": {
        "url": at("exchange:my_introductions"),
        "GET": PARTNERS,
        "POST": PAULA,
        "data": lambda fx: {"introduction": str(fx.introduction.public_id), "reveal": "0"},
    },
    "openings:my_matches": {"url": at("openings:my_matches"), "GET": PARTNERS},
    # Issue 11: the partner's confirmation before the name is revealed, "introduce me",
    # saving an opening and the list of saved ones.
    "exchange:introduction_reveal": {
        "url": at("exchange:introduction_reveal", "introduction.public_id"),
        "GET": PAULA,
        "POST": PAULA,
        "data": lambda fx: {"confirm": "no"},
    },
    "exchange:opening_interest": {
        "url": at("exchange:opening_interest", "op_public.public_id"),
        "POST": PARTNERS,
    },
    "exchange:opening_save": {
        "url": at("exchange:opening_save", "op_public.public_id"),
        "POST": PARTNERS,
    },
    "exchange:my_saved_openings": {"url": at("exchange:my_saved_openings"), "GET": PARTNERS},
    "exchange:introductions_received": {
        "hidden": anonymised,
        "url": at("exchange:introductions_received"),
        "GET": EMPLOYER,
    },
    "exchange:introduction_employer": {
        "hidden": anonymised,
        "url": at("exchange:introduction_employer", "introduction.public_id"),
        "GET": EMPLOYER,
        "POST": EMPLOYER,
    },
    "exchange:introduction_withdraw": {
        "url": at("exchange:introduction_withdraw", "introduction.public_id"),
        "POST": CASE,
    },
    "exchange:request_answer": {
        "hidden": anonymised,
        "url": link("answer_path"),
        "GET": ALL,
        "POST": ALL,
    },
    # Item 11: after the deadline the link shows nothing of the partner any more.
    "exchange:request_answer[ended]": {"url": link("ended_answer_path"), "GET": GONE},
    # Issue 11: a request addressed to emil's institution, answered logged in.
    "exchange:request_answer_signed_in": {
        "hidden": anonymised,
        "url": at("exchange:request_answer_signed_in", "open_recipient.public_id"),
        "GET": EMPLOYER,
        "POST": EMPLOYER,
    },
    "exchange:case": {"url": at("exchange:case", "case.public_id"), "GET": CASE},
    "exchange:case[confidential]": {
        "url": at("exchange:case", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
    },
    "exchange:case[handed-over]": {
        "hidden": earlier_notes,
        "url": at("exchange:case", "moved_case.public_id"),
        "GET": CASE,
    },
    "exchange:introduction_create": {
        "url": at("exchange:introduction_create", "case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "exchange:introduction_create[confidential]": {
        "url": at("exchange:introduction_create", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
        "POST": CONFIDENTIAL,
    },
    "exchange:introduction_create[handed-over]": {
        "url": at("exchange:introduction_create", "moved_case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "exchange:network_request_create": {
        "url": at("exchange:network_request_create", "case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "exchange:network_request_create[confidential]": {
        "url": at("exchange:network_request_create", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
        "POST": CONFIDENTIAL,
    },
    "exchange:network_request_create[handed-over]": {
        "url": at("exchange:network_request_create", "moved_case.public_id"),
        "GET": CASE,
        "POST": CASE,
    },
    "openings:case_matches": {"url": at("openings:case_matches", "case.public_id"), "GET": CASE},
    "openings:case_matches[confidential]": {
        "url": at("openings:case_matches", "conf_case.public_id"),
        "GET": CONFIDENTIAL,
    },
    "openings:case_matches[handed-over]": {
        "url": at("openings:case_matches", "moved_case.public_id"),
        "GET": CASE,
    },
    # --- site ---
    "site:home": {"url": at("site:home"), "GET": ALL},
    "site:imprint": {"url": at("site:imprint"), "GET": ALL},
    "site:privacy": {"url": at("site:privacy"), "GET": ALL},
    "site:accessibility": {"url": at("site:accessibility"), "GET": ALL},
    "site:dashboard": {"url": at("site:dashboard"), "GET": LOGGED_IN},
    "site:audit_log": {"url": at("site:audit_log"), "GET": LOGGED_IN},
    # Issue 11: the "today" page of officers and members' contacts.
    "site:today": {"url": at("site:today"), "GET": POSTERS},
    "site:today_mark": {"url": at("site:today_mark"), "POST": POSTERS},
    # --- knowledge and quality (issue 14): library, standards, self-assessment, discussions ---
    "knowledge:library": {"url": at("knowledge:library"), "GET": ALL},
    "knowledge:article_create": {
        "url": at("knowledge:article_create"),
        "GET": "L - - + + + + - +",
        "POST": "L - - + + + + - +",
    },
    "knowledge:article_detail": {
        "url": at("knowledge:article_detail", "kn_article.public_id"),
        "GET": "- - - + + + + + +",  # members only: 404 to everybody else
    },
    "knowledge:article_edit": {
        "url": at("knowledge:article_edit", "kn_article.public_id"),
        "GET": INST_ADMIN,
        "POST": INST_ADMIN,
    },
    "knowledge:comment_add": {
        "url": at("knowledge:comment_add", "kn_article.public_id"),
        "POST": "L - - + + + + + +",
    },
    "knowledge:helpful": {
        "url": at("knowledge:helpful", "kn_article.public_id"),
        "POST": "L - - + + + + + +",
    },
    "knowledge:document_download": {
        "url": at("knowledge:document_download", "kn_article.public_id", "kn_document.public_id"),
        "GET": "- - - + + + + + +",
    },
    "knowledge:document_remove": {
        "url": at("knowledge:document_remove", "kn_article.public_id", "kn_document.public_id"),
        "POST": INST_ADMIN,
    },
    "knowledge:standards_index": {"url": at("knowledge:standards_index"), "GET": ALL},
    "knowledge:standards": {
        "url": at("knowledge:standards", "network.slug"),
        "GET": "- - - + + + + + +",  # not published for everybody: the network's members
    },
    "knowledge:standards_visibility": {
        "url": at("knowledge:standards_visibility", "network.slug"),
        "POST": COORDINATOR,
    },
    "knowledge:standards_item_add": {
        "url": at("knowledge:standards_item_add", "network.slug", "kn_kind"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "knowledge:standards_item_edit": {
        "url": at("knowledge:standards_item_edit", "network.slug", "kn_kind", "kn_code"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "knowledge:assessment_list": {
        "url": at("knowledge:assessment_list"),
        "GET": "L - - + + + + + +",
    },
    "knowledge:assessment_edit": {
        "url": at("knowledge:assessment_edit", "network.slug", "inst.slug", "kn_year"),
        "GET": "L - - + + + - - -",  # the member's own officers only
        "POST": "L - - + + + - - -",
    },
    "knowledge:assessment_detail": {
        "url": at("knowledge:assessment_detail", "kn_assessment.public_id"),
        "GET": "L - - + + + - - -",  # not shared: nobody else, the coordinator neither
    },
    "knowledge:submission_status": {
        "url": at("knowledge:submission_status", "network.slug"),
        "GET": COORDINATOR,
    },
    "knowledge:benchmark": {
        "url": at("knowledge:benchmark", "network.slug"),
        "GET": "L - - + + + + - +",
    },
    "knowledge:thread_list": {
        "url": at("knowledge:thread_list"),
        "GET": "L - - + + + + + +",
        "POST": "L - - + + + + + +",
    },
    "knowledge:thread_detail": {
        "url": at("knowledge:thread_detail", "kn_thread.public_id"),
        "GET": "L - - + + + + + +",
        "POST": "L - - + + + + + +",
    },
    "knowledge:thread_moderate": {
        "url": at("knowledge:thread_moderate", "kn_thread.public_id"),
        "POST": COORDINATOR,
    },
    # --- the Django admin: one family for all its patterns (see ADMIN_SAMPLE_VALUES) ---
    "admin:*": {"url": None, "GET": ADMIN},
    "admin:login": {"url": at("admin:login"), "GET": ALL},  # the admin's own login form
}

# The size of the matrix (test_the_matrix_size): update with the table.
PATTERN_COUNT = 222  # URL patterns of the project, admin included
ADMIN_PATTERN_COUNT = 95  # of which in the Django admin (the "admin:*" family but admin:login)
CELL_COUNT = 2187  # (row, method, role) tests; the admin family is one test per role


# --- rows of the other apps ----------------------------------------------------
#
# An app may keep its rows in `dualcareer/<app>/tests/authz.py`, a module with
#   ROWS: dict            rows in the format of TABLE (shorthands from authz_common),
#   setup(cls) -> None    builds the objects its URL builders read, on the test class,
#   PATTERN_COUNT: int    URL patterns it adds (admin patterns included),
#   ADMIN_PATTERN_COUNT: int   of which in the admin,
#   CELL_COUNT: int       (row, method, role) cells its rows add (admin ones excluded).
# The counts are written by hand, so that a row or pattern lost by mistake fails.
def _extensions() -> list[Any]:
    modules = []
    for config in django_apps.get_app_configs():
        if not config.name.startswith("dualcareer."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.authz"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.authz":
                raise
    return modules


EXTENSIONS = _extensions()
for _extension in EXTENSIONS:
    assert not set(_extension.ROWS) & set(TABLE), _extension.__name__
    TABLE.update(_extension.ROWS)
    PATTERN_COUNT += _extension.PATTERN_COUNT
    ADMIN_PATTERN_COUNT += getattr(_extension, "ADMIN_PATTERN_COUNT", 0)
    CELL_COUNT += _extension.CELL_COUNT

# Cells whose answer today differs from the rule: (row, method, role) -> the
# issue-9 item. Each is expected to fail until that fix lands; then remove it.
#
# Empty: with the issue-9 fixes in the working tree every cell passes. On the
# commit before them these 35 cells failed (the holes the fixes close):
#   network:institution_users POST as cora (item 1: a coordinator made
#     herself officer of a member with officers); GET/POST as alice, bob, dora
#     and network:role_revoke POST as alice, bob, dora (item 1: the
#     institution's own officers now manage its roles);
#   cases:export[handed-over], cases:export_json[handed-over] GET as alice,
#     bob, dora (item 2: other_inst's counselling note in the new export);
#   network:application_reply[used] GET, all roles (item 4: the link served twice);
#   openings:request_answer[ended] GET, all roles (item 11: the profile after
#     the deadline);
#   api:schema GET as anonymous (item 23: the schema is for logged-in users).
PENDING_FIXES: dict[tuple[str, str, str], str] = {}


# --- URL patterns of the project -----------------------------------------------

ADMIN_NAMESPACE = "admin"
# Values for the admin's path parameters (no object needs to exist: the admin
# refuses before it looks anything up).
ADMIN_SAMPLE_VALUES = {
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "app_label": "cases",
    "url": "nowhere/",
}


def _piece(pattern: Any) -> str:
    """One pattern's part of a path, with sample values in place of its parameters."""
    text = str(pattern.pattern)
    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ADMIN_SAMPLE_VALUES.get(m.group(1), "x"), text)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: ADMIN_SAMPLE_VALUES.get(m.group(1), "x"), text)
    return text.replace("^", "").replace("$", "")


def url_patterns() -> list[tuple[str, str]]:
    """Return (name, sample path) of every URL pattern, walking the resolver recursively.

    The name carries its namespaces ("cases:detail"); i18n-prefixed patterns
    are included (the path is the default language's, without a prefix).
    Unnamed patterns get "namespace:<route>" as their name.
    """
    found: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, namespace: str, prefix: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace or ""
                if entry.namespace is None:
                    inner = namespace
                walk(entry, inner, prefix + _piece(entry))
            elif isinstance(entry, URLPattern):
                local = entry.name or f"<{entry.pattern}>"
                name = f"{namespace}:{local}" if namespace else local
                found.append((name, "/" + prefix + _piece(entry)))

    walk(get_resolver(), "", "")
    return found


def _family(name: str) -> str:
    """The table key that covers a URL name (every admin pattern is in "admin:*")."""
    if name.split(":", 1)[0] == ADMIN_NAMESPACE and name not in TABLE:
        return "admin:*"
    return name


def _base(key: str) -> str:
    return key.split("[", 1)[0]


def _expectations(spec: str) -> dict[str, str]:
    letters = spec.split()
    if len(letters) != len(ROLES) or any(letter not in OUTCOMES for letter in letters):
        raise ValueError(f"bad expectation {spec!r}")
    return dict(zip(ROLES, letters, strict=True))


LOGIN_NAMES = {"accounts:login", "admin:login", "admin:index"}


def outcome(response: Any) -> str:
    """The answer in the table's vocabulary ("+", "L", "-", "G"), or the status code."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        try:
            with translation.override(get_language_from_path(target) or "de"):
                name = resolve(target).view_name
        except Exception:  # a redirect outside the URLconf (never the login)
            return "+"
        # The admin sends non-staff to its index (on logout), which sends them to its login.
        return "L" if name in LOGIN_NAMES else "+"
    if 200 <= status < 300 or status == 400:
        return "+"
    if status in (403, 404):
        return "-"
    if status == 410:
        return "G"
    return str(status)


# --- the fixture -------------------------------------------------------------


MEDIA = tempfile.mkdtemp(prefix="dualcareer-test-matrix-")


def _mail_link(url_name: str) -> str:
    """The path of the newest link in the test outbox that resolves to `url_name`."""
    for message in reversed(mail.outbox):
        for url in re.findall(r"https?://[^\s\"'<>]+", message.body):
            path = urlsplit(url).path
            try:
                with translation.override(get_language_from_path(path) or "de"):
                    if resolve(path).view_name == url_name:
                        return path
            except Exception:  # noqa: S112 - any other link in the mail
                continue
    raise AssertionError(f"no e-mail with a link to {url_name}")


@override_settings(MEDIA_ROOT=MEDIA)
class AuthorizationMatrixTests(BaseTestCase):
    """One test per (row, method, role); `_generate_tests` adds them below."""

    dora: User
    dora_role: InstitutionRole
    pete: User
    inst_membership: NetworkMembership
    contact: Contact
    case: Case
    conf_case: Case
    moved_case: Case
    task: CaseTask | None
    conf_task: CaseTask | None
    moved_task: CaseTask | None
    pending_handover: Handover
    op_public: Opening
    op_network: Opening
    op_officers: Opening
    introduction: Introduction
    saved_search: SavedSearch
    import_run: JobRun
    feed: FeedSource
    open_recipient: NetworkRequestRecipient
    application: Application
    # Paths taken from the e-mails (or built like them): the token is the credential.
    reset_path: str
    invite_path: str
    used_invite_path: str
    unsubscribe_path: str
    answer_path: str
    ended_answer_path: str
    reply_path: str
    used_reply_path: str
    # knowledge (issue 14)
    kn_article: Any
    kn_document: Any
    kn_assessment: Any
    kn_thread: Any
    kn_kind: str
    kn_code: str
    kn_year: int

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        # The rankings are not what is checked here: no engine, no vector index.
        for name in ("rank_profiles", "rank_openings_for_profile"):
            patcher = mock.patch.object(matching_adapter, name, return_value=[])
            patcher.start()
            cls.addClassCleanup(patcher.stop)

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.dora = cls.make_user("dora", cls.inst, Role.OFFICER)
        cls.dora_role = InstitutionRole.objects.get(user=cls.dora, institution=cls.inst)
        cls.pete = f.PartnerUserFactory(email="pete@example.org", first_name="Pete")
        cls.inst_membership = NetworkMembership.objects.get(
            network=cls.network, institution=cls.inst
        )
        cls.contact = f.ContactFactory(institution=cls.inst)
        f.ContactFactory(institution=cls.other_inst)
        f.ContactFactory(institution=cls.employer_inst)
        StatementVersionFactory(network=cls.network)
        cls._cases()
        cls._openings()
        cls._network()
        for extension in EXTENSIONS:
            extension.setup(cls)

    @classmethod
    def _mailed(cls, url_name: str, send: Callable[[], Any]) -> str:
        """Run `send` (a service that e-mails a link), return the path of the link to `url_name`."""
        mail.outbox.clear()
        with cls.captureOnCommitCallbacks(execute=True):
            send()
        return _mail_link(url_name)

    @classmethod
    def _open(cls, actor: Any, institution: Any, email: str, **kwargs: Any) -> Case:
        return services.case_open(
            actor=actor,
            institution=institution,
            recruited_name="Prof. Dr. Rita Berufen",
            partner_first_name="Paulina",
            partner_last_name=SECRET_NAME,
            partner_email=email,
            **kwargs,
        )

    @classmethod
    def _cv(cls, case: Case, actor: Any) -> None:
        services.profile_update(
            case=case,
            actor=actor,
            data={"skills": "Proteinanalytik", "professional_field": "Biochemie"},
            cv=SimpleUploadedFile("cv.pdf", MINIMAL_PDF),
        )

    @classmethod
    def _cases(cls) -> None:
        # paula's case at inst: alice and bob assigned; invitation accepted (its
        # link is used up), consent, a note, a CV, a handover waiting for other_inst.
        cls.case = cls._open(cls.alice, cls.inst, cls.paula.email, assigned_officers=[cls.bob])
        cls.used_invite_path = cls._mailed(
            "cases:invitation",
            lambda: invitations.partner_invite(
                case=cls.case, actor=cls.alice, email=cls.paula.email
            ),
        )
        token = cls.used_invite_path.rstrip("/").rsplit("/", 1)[-1]
        invitations.invitation_accept(token=token, password="", user=cls.paula)
        cls.case.refresh_from_db()
        for scope in ("institution", "academic", "employers", "contact"):
            services.consent_grant(case=cls.case, scope=scope, actor=cls.paula)
        services.activity_log(case=cls.case, kind="talk", actor=cls.alice, note="Intern.")
        cls._cv(cls.case, cls.paula)
        cls.task = cls.case.tasks.order_by("pk").first()

        # A confidential case at inst, assigned to alice only; its invitation is open.
        cls.conf_case = cls._open(cls.alice, cls.inst, "conny@example.org", confidential=True)
        services.activity_log(case=cls.conf_case, kind="talk", actor=cls.alice, note="Vertraulich.")
        cls._cv(cls.conf_case, cls.alice)
        cls.invite_path = cls._mailed(
            "cases:invitation",
            lambda: invitations.partner_invite(
                case=cls.conf_case, actor=cls.alice, email="conny@example.org"
            ),
        )
        cls.conf_task = cls.conf_case.tasks.order_by("pk").first()

        # pete's case, opened by charlie at other_inst and handed over to inst.
        cls.moved_case = cls._open(cls.charlie, cls.other_inst, cls.pete.email)
        Case.objects.filter(pk=cls.moved_case.pk).update(partner_user=cls.pete)
        cls.moved_case.refresh_from_db()
        services.consent_grant(case=cls.moved_case, scope="institution", actor=cls.pete)
        services.activity_log(case=cls.moved_case, kind="talk", actor=cls.charlie, note=BETA_NOTE)
        cls._cv(cls.moved_case, cls.pete)
        moving = handovers.handover_request(
            case=cls.moved_case, actor=cls.charlie, to_institution=cls.inst
        )
        handovers.handover_partner_decide(handover=moving, actor=cls.pete, agree=True)
        handovers.handover_receiver_decide(handover=moving, actor=cls.alice, accept=True)
        cls.moved_case.refresh_from_db()
        cls.moved_task = cls.moved_case.tasks.order_by("pk").first()

        # paula's case is about to move to other_inst: waiting for charlie.
        cls.pending_handover = handovers.handover_request(
            case=cls.case, actor=cls.alice, to_institution=cls.other_inst
        )
        handovers.handover_partner_decide(
            handover=cls.pending_handover, actor=cls.paula, agree=True
        )

        uid = urlsafe_base64_encode(force_bytes(cls.paula.pk))
        reset_token = default_token_generator.make_token(cls.paula)
        cls.reset_path = reverse("accounts:password_reset_confirm", args=[uid, reset_token])

    @classmethod
    def _openings(cls) -> None:
        cls.op_public = OpeningFactory(institution=cls.employer_inst, visibility=Visibility.PUBLIC)
        cls.op_network = OpeningFactory(
            institution=cls.employer_inst, visibility=Visibility.NETWORK
        )
        cls.op_officers = OpeningFactory(
            institution=cls.employer_inst, visibility=Visibility.OFFICERS
        )
        cls.introduction = xsvc.introduction_create(
            user=cls.alice, case=cls.case, opening=cls.op_public, message="Passt gut."
        )
        cls.import_run = importing.import_enqueue(
            user=cls.emil, institution=cls.employer_inst, text="[]"
        )
        # A local address: a run refuses it at once (no network in the matrix).
        cls.feed = FeedSource.objects.create(
            institution=cls.employer_inst,
            created_by=cls.emil,
            url="http://127.0.0.1:9/jobs",
            kind="page",
        )
        cls.saved_search = opening_services.saved_search_create(
            user=cls.paula, name="Labor", params={"q": "labor"}, alerts_enabled=True
        )
        cls.unsubscribe_path = reverse(
            "openings:saved_search_unsubscribe", args=[unsubscribe_token(cls.saved_search)]
        )
        cls.answer_path = cls._mailed(
            "exchange:request_answer",
            lambda: xsvc.network_request_send(
                user=cls.alice,
                case=cls.case,
                message="Biochemikerin sucht Laborstelle",
                institutions=[cls.employer_inst],
            ),
        )
        # A second request, to other_inst, whose deadline has passed.
        cls.ended_answer_path = cls._mailed(
            "exchange:request_answer",
            lambda: xsvc.network_request_send(
                user=cls.alice,
                case=cls.case,
                message="Biochemikerin sucht Laborstelle",
                institutions=[cls.other_inst],
            ),
        )
        cls.open_recipient = NetworkRequestRecipient.objects.get(institution=cls.employer_inst)
        ended = NetworkRequest.objects.filter(recipients__institution=cls.other_inst)
        ended.update(expires_on=timezone.localdate() - dt.timedelta(days=1))

    @classmethod
    def _network(cls) -> None:
        cls.application = ApplicationFactory(network=cls.network)
        cls.reply_path = cls._mailed(
            "network:application_reply",
            lambda: network_services.application_ask(
                application=cls.application, actor=cls.cora, question="Welche Angebote gibt es?"
            ),
        )
        answered = ApplicationFactory(network=cls.network)
        cls.used_reply_path = cls._mailed(
            "network:application_reply",
            lambda: network_services.application_ask(
                application=answered, actor=cls.cora, question="Wer berät bei Ihnen?"
            ),
        )
        network_services.application_answer(application=answered, answer="Zwei Personen.")
        cls._knowledge()

    @classmethod
    def _knowledge(cls) -> None:
        """A members-only article of inst with a PDF, standards, inst's assessment, a thread."""
        cls.kn_article = knowledge_services.article_create(
            actor=cls.alice,
            institution=cls.inst,
            values=knowledge_services.ArticleInput(title="Praxisbericht", body="Text"),
            documents=[SimpleUploadedFile("bericht.pdf", MINIMAL_PDF)],
        )
        cls.kn_document = cls.kn_article.documents.get()
        catalogue = make_catalogue(cls.network)
        cls.kn_kind, cls.kn_code = "criterion", "A1"
        cls.kn_year = timezone.localdate().year
        cls.kn_assessment = make_assessment(cls.inst, cls.network, catalogue, year=cls.kn_year)
        cls.kn_thread = knowledge_services.thread_open(
            actor=cls.charlie, network=cls.network, title="Gleichbehandlung", body="Frage"
        )

    def setUp(self) -> None:
        cache.clear()  # the application rate limit and login throttling start afresh

    def check_admin(self, method: str, role: str) -> None:
        """Every pattern of the admin family, one subtest each (the admin refuses at once)."""
        for _name, path in _admin_paths():
            with self.subTest(path=path, role=role):
                cache.clear()
                self.check("admin:*", method, role, path)

    def check(self, key: str, method: str, role: str, path: str | None = None) -> None:
        row = TABLE[key]
        expected = _expectations(row[method])[role]
        if role != "anonymous":
            self.client.force_login(getattr(self, role))
        path = path or row["url"](self)
        data = row.get("data") or {}
        if callable(data):
            data = data(self)
        send = getattr(self.client, method.lower())
        if method == "GET":
            response = send(path)
        elif row.get("json"):
            response = send(path, data, content_type="application/json")
        elif method == "POST":
            response = send(path, data)
        else:
            response = send(path, data, content_type="application/x-www-form-urlencoded")
        got = outcome(response)
        self.assertNotEqual(response.status_code, 500, f"{method} {path} as {role}: 500")
        if row.get("hidden") and not getattr(response, "streaming", False):
            body = response.content.decode("utf-8", errors="replace")
            for secret in row["hidden"](self):
                self.assertFalse(secret in body, f"{method} {path} as {role} shows {secret!r}")
        self.assertEqual(
            got,
            expected,
            f"{method} {path} ({key}) as {role}: expected {OUTCOMES[expected]} ({expected}), "
            f"got {OUTCOMES.get(got, got)} (HTTP {response.status_code})",
        )


class AuthorizationMatrixShapeTests(unittest.TestCase):
    """The table covers the URLconf exactly, and every row is well-formed."""

    def test_every_url_pattern_has_a_row(self):
        names = {name for name, _path in url_patterns()}
        covered = {_family(name) for name in names}
        bases = {_base(key) for key in TABLE}
        self.assertEqual(sorted(covered - bases), [], "URL patterns without a row in TABLE")
        self.assertEqual(
            sorted(bases - covered), [], "rows in TABLE for URL names that no longer exist"
        )

    def test_every_row_is_well_formed(self):
        for key, row in TABLE.items():
            methods = [m for m in ("GET", "POST", "PATCH", "PUT", "DELETE") if m in row]
            self.assertTrue(methods, key)
            for method in methods:
                _expectations(row[method])
        for key, method, role in PENDING_FIXES:
            self.assertIn(method, TABLE[key], key)
            self.assertIn(role, ROLES, key)

    def test_the_matrix_size(self):
        patterns = url_patterns()
        admin = [name for name, _path in patterns if name.startswith(f"{ADMIN_NAMESPACE}:")]
        cells = len(_cells())
        admin_checks = len(_admin_paths()) * len(ROLES)
        checks = cells - len(ROLES) + admin_checks
        print(
            f"\nauthorisation matrix: {len(patterns)} URL patterns "
            f"({len(patterns) - len(admin)} + {len(admin)} in the admin) x {len(ROLES)} roles "
            f"= {len(patterns) * len(ROLES)}; {len(TABLE)} rows, {cells} (row, method, role) "
            f"tests, {checks} requests"
        )
        self.assertEqual(len(ROLES), 9)
        self.assertEqual((len(patterns), len(admin)), (PATTERN_COUNT, ADMIN_PATTERN_COUNT))
        self.assertEqual(cells, CELL_COUNT)


# --- one test method per cell ------------------------------------------------


def _admin_paths() -> list[tuple[str, str]]:
    return [
        (name, path)
        for name, path in url_patterns()
        if name.startswith(f"{ADMIN_NAMESPACE}:") and name not in TABLE
    ]


def _cells() -> list[tuple[str, str, str]]:
    """Every (row, method, role) to check; "admin:*" stands for all its patterns."""
    return [
        (key, method, role)
        for key, row in TABLE.items()
        for method in ("GET", "POST", "PATCH")
        if method in row
        for role in ROLES
    ]


def _test_name(key: str, method: str, role: str) -> str:
    slug = re.sub(r"\W+", "_", key.replace("*", "all")).strip("_")
    return f"test_{slug}__{method}__as_{role}"


def _generate_tests() -> None:
    for key, method, role in _cells():

        def test(
            self: AuthorizationMatrixTests, k: str = key, m: str = method, r: str = role
        ) -> None:
            if k == "admin:*":
                self.check_admin(m, r)
            else:
                self.check(k, m, r)

        name = _test_name(key, method, role)
        test.__name__ = name
        test.__doc__ = f"{method} {key} as {role}"
        marked: Any = (
            unittest.expectedFailure(test) if (key, method, role) in PENDING_FIXES else test
        )
        assert not hasattr(AuthorizationMatrixTests, name), name
        setattr(AuthorizationMatrixTests, name, marked)


_generate_tests()
