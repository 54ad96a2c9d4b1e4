"""Success stories: shown only with the couple's recorded consent; a withdrawal unpublishes."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dualcareer.core.models import AuditEntry
from dualcareer.public import selectors, services
from dualcareer.public.models import ConsentScope, PageKind
from dualcareer.public.tests.factories import content, make_story
from dualcareer.testing.base import BaseTestCase


class StoryConsentTests(BaseTestCase):
    def record(self, story, user=None, **overrides):
        values = {
            "given_by": "Both partners (names on file)",
            "given_on": timezone.localdate(),
            "scope": ConsentScope.WEBSITE,
            "evidence": "File DC-2026-12",
        }
        values.update(overrides)
        return services.story_consent_record(user=user or self.cora, story=story, **values)

    def test_recording_consent_lets_the_story_be_published(self) -> None:
        story = make_story(consent=False, published=False)
        consent = self.record(story)
        self.assertEqual((consent.recorded_by, consent.scope), (self.cora, "website"))
        services.page_save(user=self.cora, page=story, values=content(), publish=True)
        self.assertIn(story, selectors.story_list())
        entry = AuditEntry.objects.get(action="story.consent_recorded")
        self.assertEqual(entry.data, {"scope": "website"})

    def test_a_published_story_without_consent_is_not_shown(self) -> None:
        story = make_story(consent=False)  # published flag set behind the service's back
        self.assertNotIn(story, selectors.story_list())
        self.assertEqual(
            self.client.get(reverse("public:story_detail", args=[story.slug])).status_code, 404
        )

    def test_withdrawal_unpublishes_the_story_at_once(self) -> None:
        story = make_story()
        url = reverse("public:story_detail", args=[story.slug])
        self.assertContains(self.client.get(url), "Von Lyon nach Bochum")
        services.story_consent_withdraw(user=self.cora, consent=story.consents.get())
        story.refresh_from_db()
        self.assertFalse(story.is_published)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get(reverse("public:story_list")), "Lyon")
        entry = AuditEntry.objects.get(action="story.consent_withdrawn")
        self.assertEqual(entry.data, {"unpublished": True})

    def test_it_refuses_an_officer_and_a_partner(self) -> None:
        story = make_story(consent=False)
        for user in (self.alice, self.charlie, self.paula):
            with self.assertRaises(PermissionDenied):
                self.record(story, user=user)
        with self.assertRaises(PermissionDenied):
            services.story_consent_withdraw(user=self.alice, consent=make_story("x").consents.get())

    def test_it_refuses_a_future_date_an_unknown_scope_and_missing_evidence(self) -> None:
        story = make_story(consent=False)
        with self.assertRaises(ValidationError) as caught:
            self.record(
                story,
                given_on=timezone.localdate() + dt.timedelta(days=1),
                scope="everywhere",
                evidence="",
            )
        self.assertEqual(set(caught.exception.message_dict), {"given_on", "scope", "evidence"})

    def test_consent_is_for_stories_only(self) -> None:
        page = make_story("news-item", consent=False)
        page.kind = PageKind.NEWS
        page.save()
        with self.assertRaises(ValidationError):
            self.record(page)


class StoryConsentViewTests(BaseTestCase):
    def test_coordinator_records_and_withdraws_through_the_pages(self) -> None:
        story = make_story(consent=False, published=False)
        self.client.force_login(self.cora)
        url = reverse("public:story_consent", args=[story.slug])
        response = self.client.post(
            url,
            {
                "given_by": "Both partners",
                "given_on": timezone.localdate().isoformat(),
                "scope": "website_print",
                "evidence": "File 7",
            },
        )
        self.assertRedirects(response, url)
        consent = story.consents.get()
        withdraw = reverse("public:story_consent_withdraw", args=[story.slug, consent.pk])
        self.assertRedirects(self.client.post(withdraw), url)
        consent.refresh_from_db()
        self.assertIsNotNone(consent.withdrawn_at)

    def test_the_coordinator_sees_the_recorded_consents(self) -> None:
        story = make_story()  # recorded by nobody any more (the account is gone)
        self.client.force_login(self.cora)
        response = self.client.get(reverse("public:story_consent", args=[story.slug]))
        self.assertContains(response, "Both partners")
        self.assertContains(response, "File DC-2026-7")
        self.assertContains(response, "Widerruf erfassen")

    def test_a_form_error_names_the_field(self) -> None:
        story = make_story(consent=False)
        self.client.force_login(self.cora)
        response = self.client.post(
            reverse("public:story_consent", args=[story.slug]),
            {"given_by": "", "given_on": "not a date", "scope": "website", "evidence": "x"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["form"].errors), {"given_by", "given_on"})

    def test_the_outsider_is_refused(self) -> None:
        story = make_story()
        self.client.force_login(self.charlie)
        url = reverse("public:story_consent", args=[story.slug])
        self.assertEqual(self.client.get(url).status_code, 404)
        consent = story.consents.get()
        withdraw = reverse("public:story_consent_withdraw", args=[story.slug, consent.pk])
        self.assertEqual(self.client.post(withdraw).status_code, 404)
        consent.refresh_from_db()
        self.assertIsNone(consent.withdrawn_at)
