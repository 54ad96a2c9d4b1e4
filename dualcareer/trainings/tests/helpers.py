"""The shared test base: the personas of BaseTestCase and a published training of `network`."""

from __future__ import annotations

import re

from django.core import mail

from dualcareer.testing.base import BaseTestCase


class TrainingsTestCase(BaseTestCase):
    """alice, bob: officers at inst (members); charlie: officer at other_inst (a member too,
    but not the person whose registration it is); cora: coordinator; paula: a partner;
    emil: employer contact (not an officer)."""

    def setUp(self) -> None:
        mail.outbox.clear()

    @staticmethod
    def link_in(message: mail.EmailMessage, part: str) -> str:
        """The path of the first link in `message` containing `part`."""
        match = re.search(r"https?://[^/\s]+(/\S*" + re.escape(part) + r"\S*)", message.body)
        assert match, message.body
        return match.group(1)
