"""Every interface string has a German translation, and the compiled catalogues are current."""

import ast
from pathlib import Path

import polib
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]


def catalogues() -> list[Path]:
    return sorted(ROOT.glob("dualcareer/*/locale/de/LC_MESSAGES/django.po"))


class TranslationTests(SimpleTestCase):
    def test_there_are_catalogues(self) -> None:
        self.assertGreaterEqual(len(catalogues()), 4)

    def test_every_german_entry_is_translated_and_not_fuzzy(self) -> None:
        problems = []
        for path in catalogues():
            po = polib.pofile(str(path))
            for entry in po:
                if entry.obsolete:
                    continue
                if "fuzzy" in entry.flags:
                    problems.append(
                        f"{path.parent.parent.parent.parent.name}: fuzzy {entry.msgid!r}"
                    )
                elif entry.msgid_plural:
                    if not all(entry.msgstr_plural.values()):
                        problems.append(f"{path}: untranslated plural {entry.msgid!r}")
                elif not entry.msgstr:
                    problems.append(
                        f"{path.parent.parent.parent.parent.name}: untranslated {entry.msgid!r}"
                    )
        self.assertEqual(problems, [])

    def test_compiled_catalogues_match_the_sources(self) -> None:
        for path in catalogues():
            mo_path = path.with_suffix(".mo")
            with self.subTest(catalogue=str(path)):
                self.assertTrue(mo_path.exists(), f"{mo_path} missing: run make messages")
                # keyed with the context: "To" (an e-mail's) and "To" (a period's end) differ
                po = {
                    (e.msgctxt, e.msgid): e.msgstr
                    for e in polib.pofile(str(path))
                    if not e.obsolete and not e.msgid_plural
                }
                mo = {
                    (e.msgctxt, e.msgid): e.msgstr
                    for e in polib.mofile(str(mo_path))
                    if not e.msgid_plural
                }
                stale = {k for k, v in po.items() if mo.get(k) != v}
                self.assertEqual(stale, set(), f"{mo_path} is stale: run make messages")

    def test_no_translated_string_is_written_inside_an_f_string(self) -> None:
        # xgettext does not look inside f-strings: `f"{_('Case')} …"` is never extracted,
        # so its German translation is dropped the next time the catalogue is made.
        names = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}
        found = []
        for path in sorted(ROOT.glob("dualcareer/**/*.py")):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for call in ast.walk(node):
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Name)
                        and call.func.id in names
                    ):
                        found.append(f"{path.relative_to(ROOT)}:{call.lineno}")
        self.assertEqual(found, [])
