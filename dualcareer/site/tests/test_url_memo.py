"""`{% url %}` with a memo (site/templatetags/url_memo.py) renders what Django's own tag renders."""

import uuid

from django.template import Context, Engine, engines
from django.test import SimpleTestCase, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import lazy

from dualcareer.site.templatetags.url_memo import MemoURLNode, memo_reverse

PUBLIC_ID = uuid.UUID("8d6f1b7e-3c2a-4f5e-9a1b-2c3d4e5f6a7b")
SOURCES = (
    "{% url 'site:home' %}",
    "{% url 'openings:detail' public_id %}",
    "{% url 'openings:detail' public_id=public_id %}",
    "{% url 'network:institution_detail' slug='uni-koeln' %}",
    "{% url 'network:institution_detail' slug=slug %}",
    "{% url 'site:imprint' as link %}[{{ link }}]",
    "{% url view_name %}",
    "{% url 'no:such-view' as link %}[{{ link }}]",
)


def _ours(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


def _djangos(source: str, **context: object) -> str:
    """The same source through an engine with Django's builtins only (its own url tag)."""
    return Engine().from_string(source).render(Context(context))


class MemoURLTests(SimpleTestCase):
    def setUp(self) -> None:
        memo_reverse.cache_clear()
        self.context = {"public_id": PUBLIC_ID, "slug": "tu-dortmund", "view_name": "site:home"}

    def test_the_platforms_templates_use_the_memo(self) -> None:
        template = Engine.get_default().from_string("{% url 'site:home' %}")
        self.assertIsInstance(template.nodelist[0], MemoURLNode)

    def test_every_form_of_the_tag_renders_as_djangos_in_both_languages(self) -> None:
        for language in ("de", "en"):
            with translation.override(language):
                for source in SOURCES:
                    for _round in range(2):  # the second answer comes from the memo
                        with self.subTest(language=language, source=source):
                            self.assertEqual(
                                _ours(source, **self.context), _djangos(source, **self.context)
                            )
        with translation.override("en"):
            self.assertEqual(_ours(SOURCES[1], **self.context), f"/en/openings/{PUBLIC_ID}/")
        with translation.override("de"):
            self.assertEqual(_ours(SOURCES[1], **self.context), f"/openings/{PUBLIC_ID}/")

    def test_a_path_is_built_once_then_remembered(self) -> None:
        _ours(SOURCES[1], **self.context)
        before = memo_reverse.cache_info()
        self.assertEqual(_ours(SOURCES[1], **self.context), f"/openings/{PUBLIC_ID}/")
        after = memo_reverse.cache_info()
        self.assertEqual((after.hits - before.hits, after.misses - before.misses), (1, 0))
        _ours(SOURCES[1], public_id=uuid.uuid4())  # another argument: another key
        self.assertEqual(memo_reverse.cache_info().misses, after.misses + 1)

    def test_arguments_whose_text_may_change_are_not_remembered(self) -> None:
        class Changing:  # a model instance, say: its text may change, its identity not
            text = "ruhr-uni"

            def __str__(self) -> str:
                return self.text

        changing, lazy_slug = Changing(), lazy(lambda: "fh-bochum", str)()
        source = "{% url 'network:institution_detail' slug=s %}"
        self.assertEqual(_ours(source, s=changing), "/network/members/ruhr-uni/")
        changing.text = "tu-dortmund"
        self.assertEqual(_ours(source, s=changing), "/network/members/tu-dortmund/")
        self.assertEqual(_ours(source, s=lazy_slug), "/network/members/fh-bochum/")
        self.assertEqual(_ours(source, s=True), _djangos(source, s=True))
        self.assertEqual(memo_reverse.cache_info().currsize, 0)
        self.assertEqual(_ours(source, s="tu-dortmund"), "/network/members/tu-dortmund/")
        self.assertEqual(memo_reverse.cache_info().currsize, 1)  # a plain string is remembered

    def test_a_name_that_does_not_reverse_raises_as_with_django(self) -> None:
        with self.assertRaises(NoReverseMatch):
            _ours("{% url 'no:such-view' %}")
        self.assertEqual(memo_reverse.cache_info().currsize, 0)

    def test_another_urlconf_or_default_language_empties_the_memo(self) -> None:
        self.assertEqual(_ours("{% url 'language_switch' %}"), "/i18n/language/")
        with override_settings(ROOT_URLCONF="dualcareer.site.tests.urls_elsewhere"):
            self.assertEqual(_ours("{% url 'language_switch' %}"), "/elsewhere/")
        self.assertEqual(_ours("{% url 'language_switch' %}"), "/i18n/language/")
        with translation.override("en"):
            self.assertEqual(_ours("{% url 'site:home' %}"), "/en/")
            with override_settings(LANGUAGE_CODE="en"):
                self.assertEqual(memo_reverse.cache_info().currsize, 0)
                self.assertEqual(_ours("{% url 'site:home' %}"), reverse("site:home"))
