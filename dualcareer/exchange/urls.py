"""URLs of the exchange, mounted under /openings/ (config/urls.py) beside the openings' own.

The paths are those the pages had in the openings app, so that links in
e-mails already sent (introductions, answer links of network requests) keep working.
"""

from django.urls import path

from dualcareer.exchange.views import employer, officer, partner, public

app_name = "exchange"

urlpatterns = [
    path("introductions/mine/", partner.my_introductions, name="my_introductions"),
    path(
        "introductions/<uuid:public_id>/reveal/",
        partner.introduction_reveal,
        name="introduction_reveal",
    ),
    path("saved/", partner.my_saved_openings, name="my_saved_openings"),
    path("<uuid:public_id>/interest/", partner.opening_interest, name="opening_interest"),
    path("<uuid:public_id>/save/", partner.opening_save, name="opening_save"),
    path("introductions/received/", employer.introductions_received, name="introductions_received"),
    path(
        "introductions/<uuid:public_id>/",
        employer.introduction_employer,
        name="introduction_employer",
    ),
    path(
        "introductions/<uuid:public_id>/withdraw/",
        officer.introduction_withdraw,
        name="introduction_withdraw",
    ),
    path("cases/<uuid:case_id>/", officer.case_exchange, name="case"),
    path(
        "cases/<uuid:case_id>/introduce/", officer.introduction_create, name="introduction_create"
    ),
    path(
        "cases/<uuid:case_id>/request/",
        officer.network_request_create,
        name="network_request_create",
    ),
    path("requests/answer/<str:token>/", public.request_answer, name="request_answer"),
    path(
        "requests/<uuid:public_id>/answer/",
        officer.request_answer_signed_in,
        name="request_answer_signed_in",
    ),
    path("<uuid:public_id>/matches/", employer.opening_matches, name="opening_matches"),
]
