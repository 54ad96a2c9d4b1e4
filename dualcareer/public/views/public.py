"""Pages anybody may open: the editable pages, news, success stories, contact, robots.txt."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dualcareer.core.http import client_ip
from dualcareer.public import selectors, services, spam
from dualcareer.public.forms import ContactForm
from dualcareer.public.models import PageKind
from dualcareer.public.urls_helpers import SITE_PAGES

PAGE_SIZE = 10


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An editable page (what Dual Career support is, the FAQ, ...)."""
    if slug in SITE_PAGES:
        return HttpResponsePermanentRedirect(reverse(SITE_PAGES[slug]))
    page = selectors.page_get(user=request.user, slug=slug)
    return render(
        request,
        "public/page.html",
        {"page": page, "may_edit": selectors.may_edit(user=request.user)},
    )


def news_list(request: HttpRequest) -> HttpResponse:
    """The network's news, newest first, with links to the feeds."""
    page = Paginator(selectors.news_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/news_list.html", {"page_obj": page})


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.page_get(user=request.user, slug=slug, kind=PageKind.NEWS)
    return render(
        request,
        "public/page.html",
        {"page": page, "may_edit": selectors.may_edit(user=request.user)},
    )


def story_list(request: HttpRequest) -> HttpResponse:
    """Success stories published with the couples' consent."""
    return render(request, "public/story_list.html", {"stories": selectors.story_list()})


def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.page_get(user=request.user, slug=slug, kind=PageKind.STORY)
    return render(
        request,
        "public/page.html",
        {"page": page, "may_edit": selectors.may_edit(user=request.user)},
    )


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """The contact form: stored and sent to the coordinators, protected against spam."""
    if request.method != "POST":
        return render(request, "public/contact.html", {"form": ContactForm()})
    form = ContactForm(request.POST)
    status = 200
    if form.is_valid():
        if spam.rate_limited(client_ip(request)):
            form.add_error(
                None, _("You have sent several messages in a short time. Please try again later.")
            )
            status = 429
        else:
            data = form.cleaned_data
            services.contact_message_submit(
                name=data["name"],
                email=data["email"],
                subject=data["subject"],
                message=data["message"],
                language=translation.get_language() or "de",
            )
            messages.success(request, _("Thank you. Your message has been sent."))
            return redirect("public:contact")
    # A fresh timestamp for the next attempt (the form is shown again).
    fresh = request.POST.copy()
    fresh["started"] = spam.started_token()
    form.data = fresh
    return render(request, "public/contact.html", {"form": form}, status=status)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Rules for crawlers: the public pages, not the signed-in areas; where the sitemap is."""
    lines = ["User-agent: *"]
    for prefix in ("accounts", "cases", "dashboard", "today", "audit", "site-editor", "admin"):
        lines += [f"Disallow: /{prefix}/", f"Disallow: /en/{prefix}/"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
