"""`{% usercontent %}`, `{% lang_attr %}`, `|text_lang`: user text marked with its language."""

from django.template import Context, Template, TemplateSyntaxError
from django.test import SimpleTestCase
from django.utils import translation


def render(source: str, **context: object) -> str:
    return Template("{% load usercontent %}" + source).render(Context(context))


class UserContentTagTests(SimpleTestCase):
    def test_german_text_on_an_english_page_is_marked(self) -> None:
        with translation.override("en"):
            html = render("{% usercontent title lang='de' %}", title="Ingenieurin (m/w/d)")
        self.assertEqual(html, '<span lang="de">Ingenieurin (m/w/d)</span>')

    def test_text_in_the_page_language_is_not_marked(self) -> None:
        with translation.override("de"):
            html = render("{% usercontent title lang='de' %}", title="Ingenieurin")
        self.assertEqual(html, "Ingenieurin")

    def test_it_escapes(self) -> None:
        with translation.override("en"):
            html = render("{% usercontent v lang='de' %}", v="<b>x</b>")
        self.assertEqual(html, '<span lang="de">&lt;b&gt;x&lt;/b&gt;</span>')

    def test_without_lang_it_guesses_from_the_text(self) -> None:
        note = "Die Partnerin sucht eine Stelle in der Verwaltung und ist sehr motiviert."
        with translation.override("en"):
            self.assertIn('lang="de"', render("{% usercontent note %}", note=note))
        with translation.override("de"):
            english = "She is looking for a job in the administration and is very motivated."
            self.assertIn('lang="en"', render("{% usercontent note %}", note=english))
            self.assertNotIn("lang=", render("{% usercontent note %}", note=note))

    def test_linebreaks_in_a_block(self) -> None:
        with translation.override("en"):
            html = render("{% usercontent t lang='de' linebreaks=True %}", t="Eins\n\nZwei")
        self.assertEqual(html, '<div lang="de"><p>Eins</p>\n\n<p>Zwei</p></div>')

    def test_an_unknown_tag_is_refused(self) -> None:
        with self.assertRaises(TemplateSyntaxError):
            render("{% usercontent t lang='de' tag='script' %}", t="x")

    def test_empty_value_renders_nothing(self) -> None:
        self.assertEqual(render("{% usercontent t lang='de' %}", t=None), "")

    def test_lang_attr(self) -> None:
        with translation.override("en"):
            self.assertEqual(render("<h1{% lang_attr 'de' %}>"), '<h1 lang="de">')
            self.assertEqual(render("<h1{% lang_attr 'en' %}>"), "<h1>")
            self.assertEqual(render("<h1{% lang_attr '' %}>"), "<h1>")

    def test_text_lang_filter(self) -> None:
        self.assertEqual(render("{{ t|text_lang }}", t="Das ist gut und schön"), "de")
        self.assertEqual(render("{{ t|text_lang }}", t="This is good"), "en")
        self.assertEqual(render("{{ t|text_lang }}", t="Python SQL"), "")
