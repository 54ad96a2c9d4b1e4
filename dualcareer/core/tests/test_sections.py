"""Sections one app contributes to another app's page."""

from django.test import RequestFactory, SimpleTestCase

from dualcareer.core import sections
from dualcareer.core.dashboard import Panel


class SectionsTests(SimpleTestCase):
    def test_registered_sections_are_shown_in_order_and_may_decline(self) -> None:
        slot = "test.slot"

        @sections.section(slot, order=20)
        def second(request, obj):
            return Panel(title=f"second {obj}", template="x.html")

        @sections.section(slot, order=10)
        def first(request, obj):
            return Panel(title=f"first {obj}", template="x.html")

        @sections.section(slot, order=5)
        def declines(request, obj):
            return None

        sections.section(slot, order=10)(first)  # registering twice changes nothing
        request = RequestFactory().get("/")
        shown = sections.sections_for(slot, request, 7)
        self.assertEqual([p.title for p in shown], ["first 7", "second 7"])
        self.assertEqual(sections.sections_for("other.slot", request, 7), [])
