"""Public author pages: /tac-gia/<slug>/ lists an author's published articles, newest first."""

from __future__ import annotations

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from .models import ARTICLES_PER_PAGE, Author

CACHE_SECONDS = 300


def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author, slug=slug)
    paginator = Paginator(author.articles().defer_streamfields(), ARTICLES_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("trang", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404("Không có trang này") from exc
    context = {"author": author, "articles": page.object_list, "page_obj": page, "paginator": paginator}
    response = TemplateResponse(request, "news/author_page.html", context)
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
