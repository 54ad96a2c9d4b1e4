"""The default texts of the built-in pages, in German and English (Markdown files).

Each file starts with `title:` and `description:` lines, a blank line, then
the text. The first migration stores them as version 1 of each page; the
coordinators replace the placeholders in square brackets.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).parent
SLUGS = (
    "home",
    "what-is-dual-career",
    "dual-career-couples",
    "dual-career-institutions",
    "dual-career-employers",
    "faq",
    "imprint",
    "privacy",
    "accessibility",
)


def read(slug: str, language: str) -> dict[str, str]:
    """Return title, description and body of the default text of `slug` in `language`."""
    text = (FOLDER / f"{slug}.{language}.md").read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    return {"title": meta["title"], "description": meta["description"], "body": body.strip()}


def page_values(slug: str) -> dict[str, str]:
    """Return the content fields of a Page for the default text of `slug`."""
    values = {"body_format": "markdown"}
    for language in ("de", "en"):
        text = read(slug, language)
        values[f"title_{language}"] = text["title"]
        values[f"description_{language}"] = text["description"]
        values[f"body_{language}"] = text["body"]
    return values
