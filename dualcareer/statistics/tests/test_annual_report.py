"""The annual report PDF: rendered from the fixture, pages turned into images and read back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import translation

from dualcareer.statistics import report, selectors
from dualcareer.statistics.tests import fixture
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import InstitutionFactory, NetworkMembershipFactory


def pages(pdf: bytes) -> list[tuple[str, Any]]:
    """(text, pixels) of each page: pypdfium2 turns the PDF into images and text."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    result = []
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage().get_text_bounded()
        pixels = page.render(scale=0.5).to_numpy()
        result.append((text, pixels))
    return result


class AnnualReportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        fixture.build(cls)
        newcomer = InstitutionFactory(name="Hochschule Gamma")
        NetworkMembershipFactory(
            network=cls.network, institution=newcomer, joined_on=dt.date(2024, 4, 1)
        )

    def render(self, user: Any, language: str = "en") -> bytes:
        scope = selectors.scope_for_member(user=user, year_from=2024, year_to=2024)
        return report.render(scope=scope, language=language)

    def test_the_network_report_shows_its_key_figures_on_non_blank_pages(self) -> None:
        read = pages(self.render(self.cora))
        self.assertGreaterEqual(len(read), 3)
        text = "\n".join(page_text for page_text, _pixels in read)
        self.assertIn("Annual report 2024", read[0][0])
        self.assertIn(self.network.name, read[0][0])
        key_page = read[1][0]
        self.assertIn("Key figures", key_page)
        # 2024: 17 cases opened, 13 closed, median 100 days, 10 introductions, one new member
        for line in ("Cases opened 17", "Cases closed 13", "Median days to outcome 100"):
            self.assertIn(line, " ".join(key_page.split()), line)
        self.assertIn("Hochschule Gamma", text)
        self.assertIn("Time to outcome", text)
        self.assertIn("< 5", text)
        for _text, pixels in read:
            # something is drawn: not a blank page
            self.assertGreater(int((pixels < 200).sum()), 500)

    def test_an_officers_report_sets_the_institution_against_the_network(self) -> None:
        read = pages(self.render(self.alice))
        self.assertIn("Universität Alpha", read[0][0])
        key_page = " ".join(read[1][0].split())
        # Alpha opened 8 cases in 2024 (2024 alone: 8 and the network's 17)
        self.assertIn("Cases opened 8 17", key_page)

    def test_the_same_input_gives_the_same_bytes(self) -> None:
        self.assertEqual(self.render(self.cora), self.render(self.cora))

    def test_it_is_written_in_the_readers_language(self) -> None:
        read = pages(self.render(self.cora, language="de"))
        self.assertIn("Jahresbericht 2024", read[0][0])

    def test_the_download_is_a_pdf_for_members_only(self) -> None:
        url = reverse("statistics:annual_report")
        self.client.force_login(self.alice)
        with translation.override("en"):
            response = self.client.get(url, {"year": "2024"})
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertEqual(self.client.get(url, {"year": "20x4"}).status_code, 400)
        self.client.force_login(self.emil)
        self.assertEqual(self.client.get(url, {"year": "2024"}).status_code, 403)
