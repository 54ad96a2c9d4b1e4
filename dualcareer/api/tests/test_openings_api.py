import base64
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.exchange.services import introduction_create
from dualcareer.openings.models import Opening, Visibility
from dualcareer.openings.tests.factories import OpeningFactory, make_case, withdraw
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import TEST_PASSWORD

BODY = {
    "employer": "",
    "reference": "API-1",
    "title_en": "Research software engineer",
    "description_en": "Build tools for our labs.",
    "occupation_field": "it",
    "contract_type": "fixed_term",
    "places": [{"postcode": "44227"}],
    "languages": ["en"],
    "visibility": "public",
}


class OpeningApiTests(BaseTestCase):
    def setUp(self):
        self.api = APIClient()

    def test_employer_posts_an_opening(self):
        self.api.force_authenticate(self.emil)
        response = self.api.post(
            reverse("api:opening_list"),
            {**BODY, "employer": self.employer_inst.slug},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["places"][0]["postcode"], "44227")
        self.assertEqual(Opening.objects.get().source, "api")

    def test_bad_input_is_a_400_naming_the_field(self):
        self.api.force_authenticate(self.emil)
        response = self.api.post(
            reverse("api:opening_list"),
            {**BODY, "employer": self.employer_inst.slug, "places": [{"postcode": "12"}]},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("places", response.json())
        response = self.api.post(
            reverse("api:opening_list"),
            {**BODY, "employer": self.employer_inst.slug, "salary_min": 9, "salary_max": 1},
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("salary_max", response.json())
        self.assertFalse(Opening.objects.exists())

    def test_outsider_is_refused(self):
        self.api.force_authenticate(self.charlie)
        response = self.api.post(
            reverse("api:opening_list"),
            {**BODY, "employer": self.employer_inst.slug},
            format="json",
        )
        self.assertEqual(response.status_code, 403)

    def test_anonymous_is_refused(self):
        self.assertIn(self.api.get(reverse("api:opening_list")).status_code, (401, 403))

    def test_basic_authentication_for_machine_clients(self):
        credentials = base64.b64encode(f"emil@example.org:{TEST_PASSWORD}".encode()).decode()
        self.api.credentials(HTTP_AUTHORIZATION=f"Basic {credentials}")
        self.assertEqual(self.api.get(reverse("api:opening_list")).status_code, 200)

    def test_list_is_scoped_and_filtered(self):
        OpeningFactory(institution=self.employer_inst, title_de="Chemikerin")
        OpeningFactory(
            institution=self.employer_inst, title_de="Intern", visibility=Visibility.OFFICERS
        )
        self.api.force_authenticate(self.nobody)
        titles = [
            o["title_de"] for o in self.api.get(reverse("api:opening_list")).json()["results"]
        ]
        self.assertEqual(titles, ["Chemikerin"])
        self.api.force_authenticate(self.alice)
        titles = [
            o["title_de"]
            for o in self.api.get(reverse("api:opening_list"), {"q": "intern"}).json()["results"]
        ]
        self.assertEqual(titles, ["Intern"])

    def test_patch_by_outsider_is_404_and_by_owner_works(self):
        opening = OpeningFactory(institution=self.employer_inst)
        url = reverse("api:opening_detail", args=[opening.public_id])
        self.api.force_authenticate(self.charlie)
        self.assertIn(self.api.patch(url, {"title_de": "X"}, format="json").status_code, (403, 404))
        self.api.force_authenticate(self.emil)
        response = self.api.patch(url, {"title_de": "Neu"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(Opening.objects.get().title_de, "Neu")


class ImportApiTests(BaseTestCase):
    def test_import_report_and_idempotency(self):
        api = APIClient()
        api.force_authenticate(self.emil)
        postings = [
            {
                "@type": "JobPosting",
                "identifier": "J1",
                "title": "Chemikerin",
                "description": "Analytik",
                "jobLocation": {"address": {"postalCode": "45127"}},
            },
            {"@type": "JobPosting", "identifier": "J2"},
        ]
        body = {"employer": self.employer_inst.slug, "postings": postings}
        response = api.post(reverse("api:opening_import"), body, format="json")
        self.assertEqual(response.status_code, 202)  # a job; the test suite runs it at once
        first = api.get(response["Location"]).json()
        self.assertEqual((first["status"], first["created"], first["errors"]), ("done", 1, 1))
        second = api.post(reverse("api:opening_import"), body, format="json").json()
        self.assertEqual((second["created"], second["skipped"], second["errors"]), (0, 1, 1))
        self.assertEqual(len(second["items"]), 2)

    def test_outsider_is_refused(self):
        api = APIClient()
        api.force_authenticate(self.paula)
        body = {"employer": self.employer_inst.slug, "postings": []}
        self.assertEqual(
            api.post(reverse("api:opening_import"), body, format="json").status_code, 403
        )


class IntroductionApiTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=OpeningFactory(institution=self.employer_inst)
        )
        self.api = APIClient()

    def test_employer_lists_anonymised_and_answers(self):
        self.api.force_authenticate(self.emil)
        items = self.api.get(reverse("api:introduction_list")).json()
        self.assertEqual(len(items), 1)
        text = json.dumps(items)
        for secret in (
            "Petra",
            "Quellmalz",
            "petra.quellmalz",
            "1985",
            "Brasilianisch",
            "Geheimweg",
        ):
            self.assertNotIn(secret, text)
        url = reverse("api:introduction_answer", args=[self.introduction.public_id])
        self.assertEqual(self.api.post(url, {"answer": "no_fit"}, format="json").status_code, 400)
        response = self.api.post(url, {"answer": "interested"}, format="json")
        self.assertEqual(response.status_code, 200)

    def test_withdrawn_consent_hides_it_from_the_api(self):
        withdraw(self.case, "employers")
        self.api.force_authenticate(self.emil)
        self.assertEqual(self.api.get(reverse("api:introduction_list")).json(), [])

    def _introduce(self, count):
        for _ in range(count):
            introduction_create(
                user=self.alice,
                case=self.case,
                opening=OpeningFactory(institution=self.employer_inst),
            )

    def test_pages_on_request_newest_first(self):
        self._introduce(2)
        self.api.force_authenticate(self.emil)
        url = reverse("api:introduction_list")
        whole = self.api.get(url).json()
        self.assertIsInstance(whole, list)  # without paging parameters: v1's plain list
        first = self.api.get(url, {"page_size": 2}).json()
        self.assertEqual(first["count"], 3)
        self.assertEqual([i["id"] for i in first["results"]], [i["id"] for i in whole[:2]])
        self.assertIsNotNone(first["next"])
        second = self.api.get(url, {"page": 2, "page_size": 2}).json()
        self.assertEqual([i["id"] for i in second["results"]], [whole[2]["id"]])
        self.assertEqual(whole[2]["id"], str(self.introduction.public_id))  # the oldest last
        beyond = self.api.get(url, {"page": 9, "page_size": 2})
        self.assertEqual(beyond.status_code, 404)
        self.assertIn("detail", beyond.json())

    def test_a_page_reads_the_same_queries_however_many_there_are(self):
        self.api.force_authenticate(self.emil)
        url = reverse("api:introduction_list")
        self._introduce(1)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(len(self.api.get(url, {"page_size": 2}).json()["results"]), 2)
        self._introduce(6)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(len(self.api.get(url, {"page_size": 2}).json()["results"]), 2)
        self.assertEqual(len(many), len(few))

    def test_withdrawn_consent_hides_it_from_the_pages(self):
        withdraw(self.case, "employers")
        self.api.force_authenticate(self.emil)
        page = self.api.get(reverse("api:introduction_list"), {"page": 1}).json()
        self.assertEqual((page["count"], page["results"]), (0, []))

    def test_outsiders_are_refused(self):
        url = reverse("api:introduction_answer", args=[self.introduction.public_id])
        for outsider in (self.alice, self.charlie, self.paula):
            self.api.force_authenticate(outsider)
            self.assertEqual(
                self.api.post(url, {"answer": "interested"}, format="json").status_code, 404
            )
        for outsider in (self.alice, self.charlie, self.paula):
            self.api.force_authenticate(outsider)
            for query in ({}, {"page": 1}):
                response = self.api.get(reverse("api:introduction_list"), query)
                self.assertEqual(response.status_code, 403)


class SchemaTests(BaseTestCase):
    def test_schema_needs_a_login(self):
        self.assertIn(self.client.get("/api/schema/").status_code, (401, 403))

    def test_api_clients_read_the_schema_with_basic_authentication(self):
        api = APIClient()
        credentials = base64.b64encode(f"emil@example.org:{TEST_PASSWORD}".encode()).decode()
        api.credentials(HTTP_AUTHORIZATION=f"Basic {credentials}")
        self.assertEqual(api.get("/api/schema/").status_code, 200)

    def test_schema_documents_the_openings_endpoints(self):
        self.client.force_login(self.nobody)
        response = self.client.get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        text = response.content.decode()
        self.assertIn("/api/openings/", text)
        self.assertIn("/api/introductions/{public_id}/answer/", text)
