"""The knowledge tests' base: the shared personas, uploads kept in a temporary folder."""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

from django.test import override_settings

from dualcareer.testing.base import BaseTestCase


class KnowledgeTestCase(BaseTestCase):
    """BaseTestCase with MEDIA_ROOT in a temporary folder removed after the class."""

    media_root: str
    _media: Any

    @classmethod
    def setUpClass(cls) -> None:
        cls.media_root = tempfile.mkdtemp(prefix="dualcareer-knowledge-")
        cls._media = override_settings(MEDIA_ROOT=cls.media_root)
        cls._media.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._media.disable()
        shutil.rmtree(cls.media_root, ignore_errors=True)
