"""Pages anybody may open: the library and the standards, as far as the reader may see them."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from dualcareer.knowledge import access, selectors
from dualcareer.knowledge.forms import CommentForm, LibrarySearchForm

PAGE_SIZE = 20


def library(request: HttpRequest) -> HttpResponse:
    """The best-practice library: search and filters; members-only articles for members."""
    form = LibrarySearchForm(request.GET or None)
    filters = selectors.LibraryFilter()
    if form.is_valid():
        filters = selectors.LibraryFilter(
            q=form.cleaned_data["q"],
            topic=form.cleaned_data["topic"],
            language=form.cleaned_data["language"],
            sector=form.cleaned_data["sector"],
        )
    articles = selectors.article_list(user=request.user, filters=filters)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/library.html",
        {
            "form": form,
            "page": page,
            "searched": bool(filters.q),
            "is_member": access.is_member(request.user),
            "may_write": bool(selectors.writable_institutions(user=request.user)),
        },
    )


def article_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One article with its documents; members also see comments and versions."""
    article = selectors.article_get(user=request.user, public_id=public_id)
    page = selectors.article_page(user=request.user, article=article)
    return render(
        request,
        "knowledge/article_detail.html",
        {
            "page": page,
            "article": article,
            "comment_form": CommentForm(initial={"kind": "comment"}),
        },
    )


def document_download(request: HttpRequest, public_id: Any, document_id: Any) -> FileResponse:
    """An attached document of an article the reader may read."""
    article = selectors.article_get(user=request.user, public_id=public_id)
    document = selectors.document_get(user=request.user, article=article, public_id=document_id)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def standards_index(request: HttpRequest) -> HttpResponse:
    """The networks whose standards the reader may see."""
    networks = selectors.networks_with_standards(user=request.user)
    return render(request, "knowledge/standards_index.html", {"networks": networks})


def standards(request: HttpRequest, slug: str) -> HttpResponse:
    """A network's quality standards and ethical guidelines (a version with ?version=N)."""
    network = selectors.network_get(slug=slug)
    raw = request.GET.get("version", "")
    number = int(raw) if raw.isdigit() and len(raw) < 6 else None
    page = selectors.standards_page(user=request.user, network=network, number=number)
    return render(request, "knowledge/standards.html", {"page": page, "network": network})
