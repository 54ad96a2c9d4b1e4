"""Every audit action written anywhere has a label in both languages."""

import ast
from pathlib import Path

from django.test import SimpleTestCase
from django.utils import translation

from dualcareer.core.audit_labels import ACTION_LABELS, action_label
from dualcareer.core.models import AuditEntry

ROOT = Path(__file__).resolve().parents[2]


def _constants(node: ast.expr) -> list[str]:
    """The string constants an action argument can take (`"a.b"`, `"a.b" if x else "a.c"`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return []


def _is_audit_call(func: ast.expr) -> bool:
    """`audit.log(...)`, or an app's private wrapper `_log(target, "code", ...)`."""
    if isinstance(func, ast.Attribute):
        owner = func.value
        return func.attr == "log" and isinstance(owner, ast.Name) and owner.id == "audit"
    return isinstance(func, ast.Name) and func.id == "_log"


def actions_in_source() -> tuple[set[str], list[str]]:
    """Action codes of every `audit.log(target, "code", ...)` call, and calls not understood."""
    codes: set[str] = set()
    unknown: list[str] = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # The wrapper's own body passes its parameter on: its callers are checked instead.
        wrappers = [
            range(node.lineno, (node.end_lineno or node.lineno) + 1)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.name == "_log"
        ]
        for node in ast.walk(tree):
            if any(getattr(node, "lineno", 0) in lines for lines in wrappers):
                continue
            if not isinstance(node, ast.Call) or not _is_audit_call(node.func):
                continue
            if len(node.args) < 2:
                continue
            found = _constants(node.args[1])
            if found:
                codes.update(found)
            else:
                unknown.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return codes, unknown


class AuditLabelTests(SimpleTestCase):
    def test_every_action_in_the_source_has_a_label(self) -> None:
        codes, unknown = actions_in_source()
        self.assertGreater(len(codes), 50)
        self.assertEqual(unknown, [], "action codes must be literals to be labelled")
        self.assertEqual(sorted(codes - set(ACTION_LABELS)), [])

    def test_labels_are_translated(self) -> None:
        untranslated = []
        for code, label in ACTION_LABELS.items():
            with translation.override("de"):
                german = str(label)
            with translation.override("en"):
                english = str(label)
            if german == english:
                untranslated.append(code)
        self.assertEqual(untranslated, [])

    def test_the_entry_shows_its_label(self) -> None:
        entry = AuditEntry(action="case.opened")
        with translation.override("en"):
            self.assertEqual(entry.action_text, "Case opened")
        with translation.override("de"):
            self.assertEqual(entry.action_text, "Fall eröffnet")
        self.assertEqual(action_label("unknown.code"), "unknown.code")
