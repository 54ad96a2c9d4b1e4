"""Pages of the members' staff: writing articles, comments, self-assessment, benchmark,
discussions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly
from dualcareer.knowledge import access, selectors, services
from dualcareer.knowledge.forms import (
    ArticleForm,
    AssessmentForm,
    CommentForm,
    ReplyForm,
    ThreadForm,
)

THREADS_PER_PAGE = 50


def _require_member(request: HttpRequest) -> None:
    if not access.is_member(request.user):
        raise PermissionDenied


@login_required
@refuse_quietly
def article_create(request: HttpRequest) -> HttpResponse:
    """Publish an article in the name of one's own institution, with documents."""
    institutions = selectors.writable_institutions(user=request.user)
    if not institutions:
        raise PermissionDenied
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        institutions=institutions,
        initial={"visibility": "members", "language": "de"},
    )
    if request.method == "POST" and form.is_valid():
        chosen = next(i for i in institutions if str(i.pk) == form.cleaned_data["institution"])
        try:
            article = services.article_create(
                actor=request.user,  # type: ignore[arg-type]
                institution=chosen,
                values=form.values(),
                documents=form.cleaned_data["documents"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The article has been published."))
            return redirect("knowledge:article_detail", public_id=article.public_id)
    return render(request, "knowledge/article_form.html", {"form": form, "article": None})


@login_required
@refuse_quietly
def article_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Edit an article; a save on top of someone else's newer save is refused (conflict)."""
    article = selectors.article_editable_get(user=request.user, public_id=public_id)
    initial = {
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "language": article.language,
        "topics": article.topics,
        "sector": article.sector,
        "visibility": article.visibility,
        "version": article.version,
    }
    form = ArticleForm(
        request.POST or None, request.FILES or None, institutions=[], editing=True, initial=initial
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                actor=request.user,  # type: ignore[arg-type]
                article=article,
                values=form.values(),
                expected_version=form.cleaned_data["version"] or 0,
                documents=form.cleaned_data["documents"],
            )
        except services.EditConflict as error:
            # Keep the editor's text, now based on the current version: saving again
            # after comparing is a deliberate decision, not a silent overwrite.
            conflict = True
            article = selectors.article_editable_get(user=request.user, public_id=public_id)
            data = request.POST.copy()
            data["version"] = str(article.version)
            form = ArticleForm(data, institutions=[], editing=True, initial=initial)
            form.is_valid()
            form.add_error(None, error.messages)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The changes have been saved as a new version."))
            return redirect("knowledge:article_detail", public_id=public_id)
    return render(
        request,
        "knowledge/article_form.html",
        {
            "form": form,
            "article": article,
            "conflict": conflict,
            "documents": selectors.article_page(user=request.user, article=article).documents,
        },
    )


@login_required
@refuse_quietly
@require_POST
def comment_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    article = selectors.article_get(user=request.user, public_id=public_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        _require_member(request)
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("knowledge:article_detail", public_id=public_id)
    try:
        services.comment_add(
            actor=request.user,  # type: ignore[arg-type]
            article=article,
            body=form.cleaned_data["body"],
            kind=form.cleaned_data["kind"],
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Your contribution has been added."))
    return redirect("knowledge:article_detail", public_id=public_id)


@login_required
@refuse_quietly
@require_POST
def helpful(request: HttpRequest, public_id: Any) -> HttpResponse:
    article = selectors.article_get(user=request.user, public_id=public_id)
    marked = services.helpful_toggle(actor=request.user, article=article)  # type: ignore[arg-type]
    messages.success(
        request, _("Marked as helpful.") if marked else _("Your mark has been taken back.")
    )
    return redirect("knowledge:article_detail", public_id=public_id)


@login_required
@refuse_quietly
@require_POST
def document_remove(request: HttpRequest, public_id: Any, document_id: Any) -> HttpResponse:
    article = selectors.article_editable_get(user=request.user, public_id=public_id)
    document = selectors.document_get(user=request.user, article=article, public_id=document_id)
    services.document_remove(actor=request.user, document=document)  # type: ignore[arg-type]
    messages.success(request, _("The document has been removed."))
    return redirect("knowledge:article_edit", public_id=public_id)


# --- self-assessment ---------------------------------------------------------------------


@login_required
@refuse_quietly
def assessment_list(request: HttpRequest) -> HttpResponse:
    """The own institution's self-assessments over the years, and shared examples."""
    _require_member(request)
    return render(
        request,
        "knowledge/assessment_list.html",
        {
            "year": timezone.localdate().year,
            "to_assess": selectors.assessment_networks(user=request.user),
            "own": selectors.own_assessments(user=request.user),
            "shared": selectors.shared_assessments(user=request.user),
            "benchmark_networks": selectors.benchmark_networks(user=request.user),
        },
    )


@login_required
@refuse_quietly
def assessment_edit(
    request: HttpRequest, network: str, institution: str, year: int
) -> HttpResponse:
    """Rate the own institution against every criterion; save a draft or submit."""
    if year != timezone.localdate().year:
        raise Http404
    the_network = selectors.network_get(slug=network)
    the_institution = selectors.institution_get(slug=institution)
    assessment, criteria, answers = selectors.assessment_for_edit(
        user=request.user, institution=the_institution, network=the_network, year=year
    )
    form = AssessmentForm(
        request.POST or None,
        criteria=criteria,
        answers=answers,
        initial={"shared": assessment.shared if assessment else False},
    )
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            saved = services.assessment_save(
                actor=request.user,  # type: ignore[arg-type]
                institution=the_institution,
                network=the_network,
                year=year,
                answers=form.answers(),
                shared=form.cleaned_data["shared"],
                submit=submit,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if submit:
                messages.success(request, _("Your self-assessment has been submitted."))
                return redirect("knowledge:assessment_detail", public_id=saved.public_id)
            messages.success(request, _("Your draft has been saved."))
            return redirect(request.path)
    return render(
        request,
        "knowledge/assessment_form.html",
        {
            "form": form,
            "assessment": assessment,
            "network": the_network,
            "institution": the_institution,
            "year": year,
        },
    )


@login_required
@refuse_quietly
def assessment_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A submitted self-assessment: the own institution's, or one shared as an example."""
    assessment = selectors.assessment_get(user=request.user, public_id=public_id)
    return render(
        request,
        "knowledge/assessment_detail.html",
        {
            "assessment": assessment,
            "answers": selectors.assessment_answers(assessment=assessment),
        },
    )


@login_required
@refuse_quietly
def benchmark(request: HttpRequest, slug: str) -> HttpResponse:
    """Per criterion, how many members meet it (charts and tables), the own position marked."""
    network = selectors.network_get(slug=slug)
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year
    result = selectors.benchmark(user=request.user, network=network, year=year)
    return render(
        request,
        "knowledge/benchmark.html",
        {"bench": result, "years": list(range(this_year, this_year - 5, -1))},
    )


# --- discussions -----------------------------------------------------------------------------


@login_required
@refuse_quietly
def thread_list(request: HttpRequest) -> HttpResponse:
    """The discussions of the member's networks; open a new one."""
    threads = selectors.thread_list(user=request.user)
    networks = selectors.discussion_networks(user=request.user)
    may_write = selectors.has_comment_rights(user=request.user)
    form = ThreadForm(request.POST or None, networks=networks)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if form.is_valid():
            network = selectors.network_get(slug=form.cleaned_data["network"])
            try:
                thread = services.thread_open(
                    actor=request.user,  # type: ignore[arg-type]
                    network=network,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The discussion has been opened."))
                return redirect("knowledge:thread_detail", public_id=thread.public_id)
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/thread_list.html",
        {"threads": page.object_list, "page": page, "form": form, "may_write": may_write},
    )


@login_required
@refuse_quietly
def thread_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One discussion with its posts; reply (the others are e-mailed)."""
    thread = selectors.thread_get(user=request.user, public_id=public_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_reply(
                actor=request.user,  # type: ignore[arg-type]
                thread=thread,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Your reply has been posted; the others in the discussion will be e-mailed."),
            )
            return redirect("knowledge:thread_detail", public_id=public_id)
    return render(
        request,
        "knowledge/thread_detail.html",
        {
            "thread": thread,
            "posts": selectors.thread_posts(user=request.user, thread=thread),
            "form": form,
            "may_reply": selectors.has_comment_rights(user=request.user)
            and not thread.is_locked
            and not thread.is_hidden,
            "may_moderate": selectors.may_moderate(user=request.user, network=thread.network),
        },
    )
