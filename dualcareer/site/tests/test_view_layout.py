"""The layout rule for views: every app's pages in `views/<audience>.py`, no ORM of their own.

A view validates input, calls one selector (reads) or service (writes) of its
app and renders. This test reads every module under `dualcareer/*/views/` and
fails on a database query or write written in it, and on a view module left
outside a `views/` package.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]  # the dualcareer package

# Calls that query or write the database (or look an object up by hand).
ORM_METHODS = {
    "filter",
    "exclude",
    "select_related",
    "prefetch_related",
    "values_list",
    "annotate",
    "aggregate",
    "order_by",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "save",
    "delete",
    "refresh_from_db",
}
LOOKUP_FUNCTIONS = {"get_object_or_404", "get_list_or_404", "get_or_404"}

# Uses still to move, per module (the exchange's two look-ups on selector
# querysets; `openings.selectors.opening_managed_get` is ready for the first).
# Remove an entry when its module is clean: the test then keeps it clean.
NOT_YET_MOVED: dict[str, set[str]] = {}
# `core/views.py` holds the helpers every app's views share, no pages.
SHARED_HELPERS = {"core/views.py"}


def view_modules() -> list[Path]:
    return sorted(
        path for path in ROOT.glob("*/**/views/*.py") if "tests" not in path.relative_to(ROOT).parts
    )


def orm_uses(source: str) -> list[str]:
    """Return "line: what" for every ORM use in a module's `source`, in line order."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{node.lineno}: .objects")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ORM_METHODS:
                found.append(f"{node.lineno}: .{func.attr}()")
            elif isinstance(func, ast.Name) and func.id in LOOKUP_FUNCTIONS:
                found.append(f"{node.lineno}: {func.id}()")
    return sorted(found, key=lambda use: (int(use.split(":")[0]), use))


class ViewLayoutTest(SimpleTestCase):
    def test_every_app_with_pages_keeps_them_in_a_views_package(self):
        stray = [
            str(path.relative_to(ROOT))
            for path in ROOT.glob("*/**/*.py")
            if "tests" not in path.relative_to(ROOT).parts
            and str(path.relative_to(ROOT)) not in SHARED_HELPERS
            and (
                path.name == "views.py"
                or path.name.endswith("_views.py")
                or path.name.startswith("views_")
            )
        ]
        self.assertEqual(stray, [], "view modules belong in <app>/views/<audience>.py")

    def test_the_rule_finds_the_view_modules(self):
        names = {str(path.relative_to(ROOT)) for path in view_modules()}
        self.assertIn("cases/views/officer.py", names)
        self.assertIn("network/views/public.py", names)
        self.assertIn("openings/views/employer.py", names)

    def test_no_view_module_queries_or_writes_the_database_itself(self):
        offences = {}
        for path in view_modules():
            name = str(path.relative_to(ROOT))
            allowed = NOT_YET_MOVED.get(name, set())
            uses = [use for use in orm_uses(path.read_text()) if use.split(": ")[1] not in allowed]
            if uses:
                offences[name] = uses
        self.assertEqual(
            offences, {}, "move these into a selector (reads) or a service (writes) of the app"
        )

    def test_the_rule_catches_a_query_written_in_a_view(self):
        source = (
            "def page(request, pk):\n"
            "    thing = Thing.objects.filter(pk=pk).first()\n"
            "    thing.save()\n"
            "    return get_object_or_404(Thing, pk=pk)\n"
        )
        self.assertEqual(
            orm_uses(source),
            ["2: .filter()", "2: .objects", "3: .save()", "4: get_object_or_404()"],
        )

    def test_the_rule_lets_a_view_call_selectors_and_services(self):
        source = (
            "def page(request, pk):\n"
            "    thing = selectors.thing_get(user=request.user, pk=pk)\n"
            "    services.thing_update(thing=thing, data=request.POST.get('x'))\n"
        )
        self.assertEqual(orm_uses(source), [])
