"""The public search page /tim-kiem/?q=…&chuyen_muc=…&tu=…&den=…&trang=N."""

from __future__ import annotations

from datetime import datetime, time
from html import unescape
from typing import Any

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from wagtail.models import Site

from cong.core.forms import VietnameseDateField
from cong.news.models import ARTICLES_PER_PAGE, ArticlePage, CategoryPage
from cong.pagecache import vary_on_query
from cong.search import extra
from cong.search import query as q
from cong.search.highlight import highlight, snippet

MAX_QUERY_LENGTH = 200
CACHE_SECONDS = 60


class SearchForm(forms.Form):
    q = forms.CharField(label="Từ khóa", max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    chuyen_muc = forms.TypedChoiceField(label="Chuyên mục", required=False, coerce=int, empty_value=None)
    tu = VietnameseDateField(label="Từ ngày", required=False)
    den = VietnameseDateField(label="Đến ngày", required=False)

    def __init__(self, *args: Any, categories: list[CategoryPage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].error_messages["max_length"] = f"Từ khóa dài quá {MAX_QUERY_LENGTH} ký tự."
        self.fields["chuyen_muc"].choices = [("", "Tất cả chuyên mục")] + [
            (c.pk, c.title) for c in categories
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            raise forms.ValidationError("“Từ ngày” phải trước “Đến ngày”.")
        return data


def _categories(request: HttpRequest) -> list[CategoryPage]:
    site = Site.find_for_request(request)
    categories = CategoryPage.objects.live().public().order_by("path")
    return list(categories.descendant_of(site.root_page) if site else categories)


def _local_bound(day: Any, end: bool) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def search_view(request: HttpRequest) -> HttpResponse:
    vary_on_query(request, *SearchForm.base_fields, "trang")
    categories = _categories(request)
    form = SearchForm(request.GET or None, categories=categories)
    context: dict[str, Any] = {"form": form, "query": "", "results": [], "paginator": None, "page_obj": None}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound and form.cleaned_data["q"]:
        data = form.cleaned_data
        node = q.parse(data["q"])
        context["query"] = data["q"]
        articles = ArticlePage.objects.live().public().select_related("cover_image")
        if data["chuyen_muc"]:
            category = next(c for c in categories if c.pk == data["chuyen_muc"])
            articles = articles.descendant_of(category)
        if data["tu"]:
            articles = articles.filter(published_at__gte=_local_bound(data["tu"], end=False))
        if data["den"]:
            articles = articles.filter(published_at__lte=_local_bound(data["den"], end=True))
        paginator = Paginator(articles.search(data["q"]) if node else [], ARTICLES_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("trang", 1))
        except (EmptyPage, PageNotAnInteger) as exc:
            raise Http404("Không có trang này") from exc
        query_tokens = [token for term in q.terms(node) for token in term.tokens]
        context.update(
            paginator=paginator,
            page_obj=page,
            results=[_result(article, query_tokens) for article in page.object_list],
            filter_query=_filter_query(request),
            # Other apps' matches (e.g. answered questions), on the first page of an unfiltered search.
            sections=extra.sections(request, data["q"])
            if page.number == 1 and not (data["chuyen_muc"] or data["tu"] or data["den"])
            else [],
        )
    response = TemplateResponse(request, "search/search_page.html", context, status=status)
    # The same URL gives every visitor the same page: shared caches may keep it briefly.
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _plain_text(article: ArticlePage) -> str:
    """Lede and body as plain text, read from the raw StreamField JSON: no image or rendition queries."""
    parts = [article.lede]
    for block in article.body.raw_data:
        value = block.get("value")
        if block.get("type") == "text" and isinstance(value, str):
            parts.append(unescape(strip_tags(value.replace("</p>", "</p>\n"))))
        elif isinstance(value, dict):
            parts.extend(str(value.get(key) or "") for key in ("caption", "text"))
    return "\n".join(part for part in parts if part)


def _result(article: ArticlePage, query_tokens: list[str]) -> dict[str, Any]:
    text = _plain_text(article)
    return {
        "page": article,
        "title": highlight(article.title, query_tokens),
        "snippet": snippet(text, query_tokens),
    }


def _filter_query(request: HttpRequest) -> str:
    """The current query string without `trang`, for pagination links."""
    params = request.GET.copy()
    params.pop("trang", None)
    return params.urlencode()
