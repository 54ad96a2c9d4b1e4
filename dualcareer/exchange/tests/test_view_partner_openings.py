"""The partner's buttons on openings, the interest and save endpoints, the saved list."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from dualcareer.cases.models import Case
from dualcareer.exchange.models import PartnerInterest, SavedOpening
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


class PartnerOpeningViewTests(BaseTestCase):
    def tearDown(self):
        # A request to an English page leaves English active in this thread.
        translation.activate(settings.LANGUAGE_CODE)
        super().tearDown()

    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.case.assigned_officers.set([self.alice])
        self.opening = OpeningFactory(institution=self.employer_inst)
        self.detail = en("openings:detail", self.opening.public_id)

    def test_detail_page_offers_the_buttons_to_the_partner_only(self):
        self.client.force_login(self.paula)
        page = self.client.get(self.detail)
        self.assertContains(page, "interested — please introduce me")
        self.assertContains(page, "Save to my list")
        for user in (self.alice, self.emil):
            self.client.force_login(user)
            self.assertNotContains(self.client.get(self.detail), "please introduce me")

    def test_interest_then_back_to_the_page_with_the_new_state(self):
        self.client.force_login(self.paula)
        url = en("exchange:opening_interest", self.opening.public_id)
        response = self.client.post(url, {"next": self.detail}, follow=True)
        self.assertRedirects(response, self.detail)
        self.assertContains(response, "will be e-mailed shortly")
        self.assertContains(response, "knows that you are interested")
        self.assertNotContains(response, "please introduce me")
        self.client.post(url, {"next": self.detail})
        self.assertEqual(PartnerInterest.objects.count(), 1)

    def test_foreign_next_is_ignored(self):
        self.client.force_login(self.paula)
        url = en("exchange:opening_save", self.opening.public_id)
        response = self.client.post(url, {"next": "https://evil.example.org/"})
        self.assertRedirects(response, en("exchange:my_saved_openings"))

    def test_save_list_and_unsave(self):
        self.client.force_login(self.paula)
        url = en("exchange:opening_save", self.opening.public_id)
        self.client.post(url)
        page = self.client.get(en("exchange:my_saved_openings"))
        self.assertContains(page, self.opening.title_de)
        self.assertContains(page, "Remove from my list")
        self.client.post(url, {"action": "unsave"})
        self.assertFalse(SavedOpening.objects.exists())
        self.assertContains(
            self.client.get(en("exchange:my_saved_openings")), "You have not saved any openings"
        )

    def test_bad_ids_and_get_requests(self):
        self.client.force_login(self.paula)
        self.assertEqual(
            self.client.get(en("exchange:opening_save", self.opening.public_id)).status_code, 405
        )
        missing = en("exchange:opening_interest", "00000000-0000-0000-0000-000000000000")
        self.assertEqual(self.client.post(missing).status_code, 404)

    def test_outsiders_are_refused(self):
        for user in (self.alice, self.charlie, self.emil, self.nobody):
            self.client.force_login(user)
            with self.subTest(user=user.email):
                for name in ("exchange:opening_interest", "exchange:opening_save"):
                    response = self.client.post(en(name, self.opening.public_id))
                    self.assertEqual(response.status_code, 403)
                self.assertEqual(self.client.get(en("exchange:my_saved_openings")).status_code, 403)
        self.client.logout()
        response = self.client.post(en("exchange:opening_interest", self.opening.public_id))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(PartnerInterest.objects.exists())
        self.assertFalse(SavedOpening.objects.exists())

    def test_buttons_post_with_the_csrf_token_and_name_the_opening(self):
        """The forms as built by the tag: token, return address, escaped title with its language."""
        self.opening.title_de = "Lehrer <b>Mathe</b>"
        self.opening.save()
        self.client = self.client_class(enforce_csrf_checks=True)
        self.client.force_login(self.paula)
        page = self.client.get(self.detail).content.decode()
        actions = page.split('<div class="partner-actions">')[1].split("</div>")[0]
        self.assertEqual(actions.count("<form "), 2)
        self.assertEqual(actions.count('name="csrfmiddlewaretoken"'), 2)
        self.assertIn(
            f'action="{en("exchange:opening_interest", self.opening.public_id)}"', actions
        )
        self.assertIn(f'action="{en("exchange:opening_save", self.opening.public_id)}"', actions)
        self.assertEqual(
            actions.count(f'<input type="hidden" name="next" value="{self.detail}">'), 2
        )
        self.assertEqual(actions.count('<span lang="de">Lehrer &lt;b&gt;Mathe&lt;/b&gt;</span>'), 2)
        self.assertNotIn("<b>Mathe", page)
        masked = actions.split('name="csrfmiddlewaretoken" value="')[2].split('"')[0]
        url = en("exchange:opening_save", self.opening.public_id)
        self.assertEqual(self.client.post(url, {"next": self.detail}).status_code, 403)
        response = self.client.post(
            url, {"next": self.detail, "csrfmiddlewaretoken": masked}, follow=True
        )
        self.assertRedirects(response, self.detail)
        self.assertTrue(SavedOpening.objects.filter(opening=self.opening).exists())
        self.assertContains(response, 'name="action" value="unsave"')
        self.assertContains(response, "Remove from my list")

    def test_introduced_and_closed_cases(self):
        """What happened instead of the interest button; nothing at all for a closed case."""
        from dualcareer.exchange.models import Introduction

        Introduction.objects.create(
            case=self.case,
            employer=self.employer_inst,
            opening=self.opening,
            consent_scope="employers",
        )
        self.client.force_login(self.paula)
        page = self.client.get(self.detail)
        self.assertContains(page, "You are introduced for this opening.")
        self.assertNotContains(page, "please introduce me")
        self.assertContains(page, "Save to my list")
        Case.objects.filter(pk=self.case.pk).update(
            status="closed", closed_on=date(2026, 1, 5), outcome="job_elsewhere"
        )
        page = self.client.get(self.detail)
        self.assertNotContains(page, "partner-actions")
