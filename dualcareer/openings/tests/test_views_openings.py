import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dualcareer.openings.models import Opening, Visibility
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase

FORM = {
    "institution": "",
    "title_de": "Personalreferentin oder Personalreferent",
    "title_en": "",
    "description_de": "Sie betreuen Beschäftigte.",
    "description_en": "",
    "occupation_field": "hr",
    "reference": "",
    "working_time": "full_time",
    "hours_per_week": "",
    "contract_type": "permanent",
    "start_date": "",
    "remote_share": "20",
    "salary_band": "",
    "salary_min": "",
    "salary_max": "",
    "apply_url": "",
    "closing_date": "",
    "visibility": "network",
    "is_published": "on",
    "languages_required": ["de"],
    "places-TOTAL_FORMS": "1",
    "places-INITIAL_FORMS": "0",
    "places-MIN_NUM_FORMS": "1",
    "places-MAX_NUM_FORMS": "10",
    "places-0-postcode": "45127",
    "places-0-city": "Essen",
    "places-0-street": "",
}


class OpeningCreateViewTests(BaseTestCase):
    url = reverse("openings:create")

    def test_employer_posts_an_opening(self):
        self.client.force_login(self.emil)
        response = self.client.post(self.url, {**FORM, "institution": self.employer_inst.pk})
        opening = Opening.objects.get()
        self.assertRedirects(response, reverse("openings:detail", args=[opening.public_id]))
        self.assertEqual(opening.places.get().postcode, "45127")

    def test_form_errors_are_shown_not_500(self):
        self.client.force_login(self.emil)
        data = {
            **FORM,
            "institution": self.employer_inst.pk,
            "places-0-postcode": "",
            "places-0-city": "",
        }
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertFalse(Opening.objects.exists())

    def test_employer_cannot_post_for_another_institution(self):
        self.client.force_login(self.emil)
        response = self.client.post(self.url, {**FORM, "institution": self.inst.pk})
        self.assertEqual(response.status_code, 200)  # invalid choice
        self.assertFalse(Opening.objects.exists())

    def test_users_without_role_are_refused(self):
        for user in (self.paula, self.nobody):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)


class OpeningDetailViewTests(BaseTestCase):
    def test_public_page_carries_escaped_jobposting_markup(self):
        opening = OpeningFactory(
            institution=self.employer_inst, title_de="Ingenieurin </script><b>x</b>"
        )
        response = self.client.get(reverse("openings:detail", args=[opening.public_id]))
        html = response.content.decode()
        start = html.index('<script type="application/ld+json">') + len(
            '<script type="application/ld+json">'
        )
        data = json.loads(html[start : html.index("</script>", start)])
        self.assertEqual(data["@type"], "JobPosting")
        self.assertEqual(data["title"], "Ingenieurin </script><b>x</b>")
        self.assertEqual(data["jobLocation"][0]["address"]["postalCode"], "44801")

    def test_network_only_opening_is_hidden_from_the_public_and_has_no_markup(self):
        opening = OpeningFactory(institution=self.employer_inst, visibility=Visibility.NETWORK)
        url = reverse("openings:detail", args=[opening.public_id])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.nobody)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.alice)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "application/ld+json")

    def test_list_renders_in_german_and_english(self):
        OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        self.assertContains(self.client.get("/openings/"), "Laborleitung")
        self.assertContains(self.client.get("/en/openings/"), "Laborleitung")

    def test_outsider_cannot_edit_or_publish(self):
        opening = OpeningFactory(institution=self.employer_inst)
        self.client.force_login(self.charlie)
        self.assertEqual(
            self.client.get(reverse("openings:edit", args=[opening.public_id])).status_code, 404
        )
        response = self.client.post(
            reverse("openings:publish", args=[opening.public_id]), {"publish": "0"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Opening.objects.get(pk=opening.pk).is_published)


class OpeningImportViewTests(BaseTestCase):
    url = reverse("openings:import")

    def test_employer_uploads_a_feed_and_sees_the_report(self):
        feed = json.dumps(
            [
                {
                    "@type": "JobPosting",
                    "identifier": "X1",
                    "title": "Chemikerin",
                    "description": "Analytik",
                    "jobLocation": {"address": {"postalCode": "45127"}},
                },
                {"@type": "JobPosting", "title": "kaputt"},
            ]
        )
        self.client.force_login(self.emil)
        response = self.client.post(
            self.url,
            {
                "institution": self.employer_inst.pk,
                "visibility": "public",
                "file": SimpleUploadedFile("feed.json", feed.encode(), "application/json"),
            },
            follow=True,  # to the import's progress page (the job ran at once in tests)
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "X1")
        self.assertEqual(Opening.objects.get().visibility, "public")
        self.assertEqual(response.context["report"].errors, 1)

    def test_url_to_a_private_address_is_refused(self):
        self.client.force_login(self.emil)
        response = self.client.post(
            self.url,
            {
                "institution": self.employer_inst.pk,
                "visibility": "public",
                "url": "http://127.0.0.1:8000/",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("url", response.context["form"].errors)

    def test_outsiders_are_refused(self):
        for user in (self.paula, self.nobody):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
