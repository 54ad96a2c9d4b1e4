"""The coordinators' page editor: pages, news and stories in both languages, with preview,
versions, the couples' consent to their stories, and the contact messages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly
from dualcareer.public import content, selectors, services
from dualcareer.public.forms import PageForm, StoryConsentForm
from dualcareer.public.models import Page, PageContent, PageKind


def _preview(form: PageForm) -> dict[str, Any]:
    """The submitted text rendered as it would be published, with its problems."""
    body_format = form.data.get("body_format", "markdown")
    return {
        language: {
            "title": form.data.get(f"title_{language}", ""),
            "html": content.to_html(
                str(form.data.get(f"body_{language}", "")), body_format, language
            ),
        }
        for language in ("de", "en")
    }


def _initial(page: Page) -> dict[str, Any]:
    initial = {name: getattr(page, name) for name in PageContent.CONTENT_FIELDS}
    initial["publish"] = page.is_published
    return initial


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The editors' overview: every page, news item and story."""
    pages = selectors.pages_for_editor(user=request.user)
    return render(request, "public/manage.html", {"pages": pages, "kinds": PageKind.choices})


def _edit(request: HttpRequest, page: Page | None, kind: str) -> HttpResponse:
    new = page is None
    system = bool(page and page.system)
    if request.method != "POST":
        form = PageForm(initial=_initial(page) if page else {}, new=new, system=system)
        return render(
            request,
            "public/page_form.html",
            {"form": form, "page": page, "kind": PageKind(kind).label},
        )
    form = PageForm(request.POST, new=new, system=system)
    action = request.POST.get("action", "preview")
    context: dict[str, Any] = {"form": form, "page": page, "kind": PageKind(kind).label}
    if form.is_valid():
        problems = services.page_problems(form.cleaned_data)
        if action == "save" and not problems:
            data = form.cleaned_data
            try:
                saved = services.page_save(
                    user=request.user,  # type: ignore[arg-type]
                    values=data,
                    page=page,
                    kind=kind,
                    slug=data.get("slug", ""),
                    publish=True if system else bool(data.get("publish")),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _("Saved as version %(number)s.") % {"number": saved.version},
                )
                return redirect("public:page_edit", slug=saved.slug)
        else:
            for name, field_messages in problems.items():
                form.add_error(name if name in form.fields else None, field_messages)
    context["preview"] = _preview(form)
    return render(request, "public/page_form.html", context)


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def page_create(request: HttpRequest, kind: str) -> HttpResponse:
    """Write a new page, news item or story (preview, then publish)."""
    services.require_editor(request.user)
    if kind not in PageKind.values:
        raise Http404
    return _edit(request, None, kind)


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a page in both languages: preview, then save as a new version."""
    page = selectors.page_for_editor(user=request.user, slug=slug)
    return _edit(request, page, page.kind)


@login_required
def page_versions(request: HttpRequest, slug: str) -> HttpResponse:
    """Every saved version of a page: who saved it and when."""
    page = selectors.page_for_editor(user=request.user, slug=slug)
    versions = Paginator(selectors.page_versions(user=request.user, page=page), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "public/page_versions.html", {"page": page, "versions": versions})


@login_required
def page_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """One earlier version as it was published, with the button to restore it."""
    page = selectors.page_for_editor(user=request.user, slug=slug)
    version = selectors.page_version_get(user=request.user, page=page, number=number)
    return render(request, "public/page_version.html", {"page": page, "version": version})


@login_required
@refuse_quietly
@require_POST
def page_restore(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    page = selectors.page_for_editor(user=request.user, slug=slug)
    try:
        services.page_restore(user=request.user, page=page, number=number)  # type: ignore[arg-type]
    except ValidationError as error:
        error_messages(request, error)
        return redirect("public:page_versions", slug=page.slug)
    messages.success(
        request,
        _("Version %(old)s restored as version %(new)s.") % {"old": number, "new": page.version},
    )
    return redirect("public:page_edit", slug=page.slug)


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def story_consent(request: HttpRequest, slug: str) -> HttpResponse:
    """The couple's consent to a story: record it, see it, record its withdrawal."""
    story = selectors.page_for_editor(user=request.user, slug=slug)
    if story.kind != PageKind.STORY:
        raise Http404
    form = StoryConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_consent_record(
                user=request.user,  # type: ignore[arg-type]
                story=story,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("public:story_consent", slug=story.slug)
    return render(
        request,
        "public/story_consent.html",
        {
            "story": story,
            "form": form,
            "consents": selectors.story_consents(user=request.user, story=story),
        },
    )


@login_required
@refuse_quietly
@require_POST
def story_consent_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record that the couple withdrew their consent: the story goes offline."""
    story = selectors.page_for_editor(user=request.user, slug=slug)
    consent = selectors.story_consent_get(user=request.user, story=story, pk=pk)
    services.story_consent_withdraw(user=request.user, consent=consent)  # type: ignore[arg-type]
    messages.success(request, _("The withdrawal has been recorded; the story is offline."))
    return redirect("public:story_consent", slug=story.slug)


@login_required
def contact_messages(request: HttpRequest) -> HttpResponse:
    """Messages sent through the contact form (deleted after the retention period)."""
    page = Paginator(selectors.contact_messages(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "public/contact_messages.html",
        {"page_obj": page, "retention_days": settings.CONTACT_RETENTION_DAYS},
    )
