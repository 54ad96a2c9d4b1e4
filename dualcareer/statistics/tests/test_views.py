"""The statistics pages, downloads and the publication setting, with the outsider refused."""

from __future__ import annotations

import csv
import io

from django.urls import reverse
from django.utils import translation

from dualcareer.core.models import AuditEntry
from dualcareer.statistics.models import PublicationSetting
from dualcareer.statistics.tests import fixture
from dualcareer.testing.base import BaseTestCase

PERIOD = {"year_from": "2023", "year_to": "2024"}


class MemberPageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        fixture.build(cls)

    def setUp(self) -> None:
        self.enterContext(translation.override("en"))

    def test_an_officer_sees_charts_and_tables_of_their_institution_against_the_network(
        self,
    ) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(reverse("statistics:overview"), PERIOD)
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn('role="img"', body)
        self.assertIn('<title id="chart-cases_by_year-title">', body)
        self.assertIn('<td class="number">&lt; 5</td>', body)
        self.assertIn("Universität Alpha", body)
        self.assertNotIn("Universität Beta", body)  # no other member by name
        self.assertNotIn("cases_by_institution", body)

    def test_the_coordinator_sees_the_members(self) -> None:
        self.client.force_login(self.cora)
        response = self.client.get(reverse("statistics:overview"), PERIOD)
        self.assertContains(response, "Universität Beta")
        self.assertContains(response, reverse("statistics:publication", args=[self.network.slug]))

    def test_a_bad_period_is_a_form_error_not_a_crash(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(
            reverse("statistics:overview"), {"year_from": "2025", "year_to": "abc"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "error-summary", status_code=400)
        response = self.client.get(
            reverse("statistics:overview"), {"year_from": "2025", "year_to": "2020"}
        )
        self.assertContains(response, "must not be before", status_code=400)

    def test_an_officer_may_not_pick_another_institution(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get(
            reverse("statistics:overview"), {"institution": self.other_inst.pk}
        )
        # an officer of one institution has no choice: the parameter changes nothing
        self.assertContains(response, "Universität Alpha")
        self.assertNotContains(response, "Universität Beta")

    def test_names_are_in_the_readers_language(self) -> None:
        self.network.name_en = "Alpha Network (English)"
        self.network.short_name = ""
        self.network.save()
        self.inst.name_en = "University Alpha (English)"
        self.inst.short_name = ""
        self.inst.save()
        self.client.force_login(self.alice)
        response = self.client.get(reverse("statistics:overview"), PERIOD)
        self.assertContains(response, "University Alpha (English) against the Alpha Network")
        self.assertContains(response, '<th scope="col">Alpha Network (English)</th>', html=False)
        self.assertNotContains(response, self.network.name)

    def test_people_without_statistics_are_refused(self) -> None:
        for user in (self.emil, self.paula, self.nobody):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("statistics:overview")).status_code, 403)
        self.client.logout()
        response = self.client.get(reverse("statistics:overview"))
        self.assertEqual(response.status_code, 302)

    def test_csv_download_has_the_protected_figures(self) -> None:
        self.client.force_login(self.alice)
        url = reverse("statistics:download", args=["cases_by_year", "csv"])
        response = self.client.get(url, PERIOD)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows[2], ["2023", "< 5", "9"])
        self.assertEqual(rows[3], ["2024", "8", "17"])

    def test_excel_download_has_numbers_and_markers(self) -> None:
        from openpyxl import load_workbook

        self.client.force_login(self.cora)
        url = reverse("statistics:download", args=["cases_by_institution", "xlsx"])
        response = self.client.get(url, PERIOD)
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
        self.assertEqual(values[0], ["Universität Alpha", "< 5", 8, "x"])
        self.assertEqual(values[-1], ["Network", 9, 17, 26])

    def test_unknown_table_or_format_is_not_found(self) -> None:
        self.client.force_login(self.alice)
        for key, fmt in (("cases_by_institution", "csv"), ("nothing", "csv"), ("outcomes", "exe")):
            response = self.client.get(reverse("statistics:download", args=[key, fmt]))
            self.assertEqual(response.status_code, 404, (key, fmt))


class PublicationTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        fixture.build(cls)

    def setUp(self) -> None:
        self.enterContext(translation.override("en"))

    def test_nothing_is_public_until_the_coordinator_chooses(self) -> None:
        response = self.client.get(reverse("statistics:public", args=[self.network.slug]))
        self.assertContains(response, "does not publish statistics")
        self.assertNotContains(response, "<table")
        url = reverse("statistics:public_download", args=[self.network.slug, "outcomes", "csv"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_coordinator_publishes_chosen_groups_with_an_audit_entry(self) -> None:
        self.client.force_login(self.cora)
        url = reverse("statistics:publication", args=[self.network.slug])
        response = self.client.post(url, {"groups": ["cases", "outcomes"]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            PublicationSetting.objects.get(network=self.network).groups, ["cases", "outcomes"]
        )
        entry = AuditEntry.objects.get(action="statistics.publication_set")
        self.assertEqual(entry.data, {"groups": ["cases", "outcomes"]})
        self.client.logout()
        public = self.client.get(reverse("statistics:public", args=[self.network.slug]), PERIOD)
        self.assertContains(public, "Outcomes of closed cases")
        self.assertContains(public, "Cases opened per institution and year")
        self.assertNotContains(public, "Introductions and employers")
        self.assertContains(public, '<td class="number">&lt; 5</td>', html=False)
        csv_url = reverse("statistics:public_download", args=[self.network.slug, "outcomes", "csv"])
        self.assertEqual(self.client.get(csv_url, PERIOD).status_code, 200)
        index = self.client.get(reverse("statistics:public_index"))
        self.assertContains(index, self.network.name)

    def test_an_unknown_group_is_a_form_error(self) -> None:
        self.client.force_login(self.cora)
        url = reverse("statistics:publication", args=[self.network.slug])
        response = self.client.post(url, {"groups": ["names"]})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(PublicationSetting.objects.exists())

    def test_officers_and_outsiders_may_not_choose(self) -> None:
        url = reverse("statistics:publication", args=[self.network.slug])
        for user in (self.alice, self.charlie, self.emil, self.paula):
            self.client.force_login(user)
            self.assertEqual(self.client.post(url, {"groups": ["cases"]}).status_code, 403)
            self.assertEqual(self.client.get(url).status_code, 403)
        self.assertFalse(PublicationSetting.objects.exists())
