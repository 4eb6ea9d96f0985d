"""The public search page /tim-kiem/?q=…&chuyen_muc=…&tu=…&den=…&trang=N."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime, time
from html import unescape
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from wagtail.models import Page, PageViewRestriction, Site

from cong.core.forms import VietnameseDateField
from cong.news.models import ARTICLES_PER_PAGE, ArticlePage, CategoryPage
from cong.pagecache import TAGS_ATTRIBUTE, depends_on, vary_on_query
from cong.pagecache.invalidation import ALL_PAGES_TAG
from cong.pagecache.store import seconds_to_next_boundary
from cong.pagecache.templatetags.pagecache import request_generation
from cong.pagecache.wagtail_seam import prime_site
from cong.search import extra, mixed, readings
from cong.search import query as q
from cong.search.highlight import has_hit, highlight, snippet

MAX_QUERY_LENGTH = 200
CACHE_SECONDS = 60
SCOPE = "pham_vi"  # ?pham_vi=tat-ca on the main site: every site's pages, each result with its site
CITY_WIDE = "tat-ca"
# What an article's result reads (``FoundArticle``: title, snippet, address, date), the body as its raw JSON.
RESULT_FIELDS = (
    "pk",
    "title",
    "lede",
    "url_path",
    "published_at",
    "first_published_at",
    "latest_revision_created_at",
)
# Tags of the body's rich text (the editor's own HTML); the snippet escapes what is left.
TAG_RE = re.compile(r"<[^>]*>")


class SearchForm(forms.Form):
    q = forms.CharField(label="Từ khóa", max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    chuyen_muc = forms.TypedChoiceField(label="Chuyên mục", required=False, coerce=int, empty_value=None)
    tu = VietnameseDateField(label="Từ ngày", required=False)
    den = VietnameseDateField(label="Đến ngày", required=False)
    loai = forms.CharField(label="Loại", required=False, max_length=30)
    pham_vi = forms.ChoiceField(
        label="Phạm vi", required=False, choices=[("", "Trang này"), (CITY_WIDE, "Toàn thành phố")]
    )

    def __init__(
        self, *args: Any, categories: list[tuple[int, str, str]], city_wide: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.categories = categories
        self.fields["q"].error_messages["max_length"] = f"Từ khóa dài quá {MAX_QUERY_LENGTH} ký tự."
        self.fields["chuyen_muc"].choices = [("", "Tất cả chuyên mục")] + [
            (pk, title) for pk, title, _path in categories
        ]
        self.city_wide_offered = city_wide
        if not city_wide:  # only the main site searches every site
            self.fields[SCOPE].choices = self.fields[SCOPE].choices[:1]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get(SCOPE) == CITY_WIDE and data.get("chuyen_muc"):
            raise forms.ValidationError("Chuyên mục chỉ lọc được khi tìm trong trang này.")
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            raise forms.ValidationError("“Từ ngày” phải trước “Đến ngày”.")
        return data


PARAMETERS = (*SearchForm.base_fields, "trang")  # the query parameters the page reads


def _categories(request: HttpRequest, site: Site | None) -> list[tuple[int, str, str]]:
    """(id, title, path) of the site's live public categories, kept per cache generation."""
    key = f"search:categories:{request_generation(request)}:{site.pk if site else 0}"
    cache = caches[settings.PAGECACHE_FRAGMENT_ALIAS]
    found = cache.get(key)
    if found is None:
        categories = CategoryPage.objects.live().public().order_by("path")
        if site:
            categories = categories.descendant_of(site.root_page)
        found = [(c.pk, c.title, c.path) for c in categories.only("pk", "title", "path")]
        cache.set(key, found, settings.PAGECACHE_MAX_AGE)
    return found


def _local_bound(day: Any, end: bool) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def search_view(request: HttpRequest) -> HttpResponse:
    vary_on_query(request, *PARAMETERS)
    site = prime_site(request, request_generation(request))
    status, html, query = _content(request, site)
    if status == 404:
        raise Http404("Không có trang này")
    context = {"content_html": mark_safe(html), "query": query}
    response = TemplateResponse(request, "search/search_page.html", context, status=status)
    # The same URL gives every visitor the same page: shared caches may keep it briefly.
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _content(request: HttpRequest, site: Site | None) -> tuple[int, str, str]:
    """Status, the page's main part (form and results) and the query, rendered once per cache
    generation, site and search parameters (in each process's fragment cache, like the article
    content): a repeated search runs no search query, no snippet and no form rendering."""
    parts = [request_generation(request), str(site.pk if site else 0)]
    if request.GET.get(SCOPE) == CITY_WIDE:
        # Every site's pages: a publish on any site (which bumps only that site's tag) renews it.
        depends_on(request, ALL_PAGES_TAG)
        parts += [token for _tag, token in getattr(request, TAGS_ATTRIBUTE, ())]
    parts += ["\x1f".join(request.GET.getlist(name)) for name in PARAMETERS]
    key = "search:content:" + hashlib.blake2b("\x1e".join(parts).encode(), digest_size=16).hexdigest()
    cache = caches[settings.PAGECACHE_FRAGMENT_ALIAS]
    found = cache.get(key) if settings.PAGECACHE_FRAGMENTS else None
    if found is None:
        with readings.shared():  # the articles, the sections and "Có phải bạn muốn tìm": one look-up
            found = _render_content(request, site)
        # Capped by the next time-based change (a consultation opening or closing shows in results).
        ttl = min(settings.PAGECACHE_MAX_AGE, seconds_to_next_boundary(request_generation(request)))
        if settings.PAGECACHE_FRAGMENTS and ttl > 0:
            cache.set(key, found, ttl)
    return found


def search_form(request: HttpRequest, site: Site | None) -> SearchForm:
    """The search's parameters of the request, checked (the page's and the API's)."""
    city_wide_offered = site is None or site.is_default_site
    return SearchForm(request.GET or None, categories=_categories(request, site), city_wide=city_wide_offered)


def _render_content(request: HttpRequest, site: Site | None) -> tuple[int, str, str]:
    form = search_form(request, site)
    context: dict[str, Any] = {"form": form, "query": "", "results_html": ""}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound and form.cleaned_data["q"]:
        context["query"] = form.cleaned_data["q"]
        results = _render_results(request, site, form, request.GET.get("trang", "1"))
        if results is None:
            return 404, "", ""
        context["results_html"] = mark_safe(results)
    return status, render_to_string("search/content.html", context, request=request), context["query"]


def article_search(
    site: Site | None,
    query: str,
    city_wide: bool = False,
    category_path: str = "",
    since: Any = None,
    until: Any = None,
    request: HttpRequest | None = None,
) -> Any:
    """The articles' search of the page and the API: live public articles of the site (every site's when
    ``city_wide``), with their scores; None when the query has no word. With the ``request``, the
    private sections are read once per generation."""
    if q.parse(query) is None:
        return None
    live = ArticlePage.objects.live()
    articles = live.exclude(_private_q(request)) if request else live.public()
    if site and not city_wide:
        articles = articles.descendant_of(site.root_page, inclusive=True)
    if category_path:
        articles = articles.filter(path__startswith=category_path)
    if since:
        articles = articles.filter(published_at__gte=_local_bound(since, end=False))
    if until:
        articles = articles.filter(published_at__lte=_local_bound(until, end=True))
    return ArticleSearch(articles.search(query).annotate_score("search_score"))


class FoundArticle:
    """An article as a result shows it, built from one row of ``RESULT_FIELDS`` and the body's raw JSON:
    no page instance (building 20 Wagtail pages cost more than the query that reads them). Its address
    is Wagtail's own ``Page.get_url``, which reads only ``url_path`` and the request's site root paths."""

    _get_site_root_paths = Page._get_site_root_paths
    _get_relevant_site_root_paths = Page._get_relevant_site_root_paths
    get_url_parts = Page.get_url_parts
    get_url = Page.get_url
    display_date = ArticlePage.display_date

    def __init__(self, row: tuple[Any, ...], body_json: str | None, score: int) -> None:
        (
            self.pk,
            self.title,
            self.lede,
            self.url_path,
            self.published_at,
            self.first_published_at,
            self.latest_revision_created_at,
        ) = row
        self.body_json = body_json
        self.search_score = score

    @property
    def body(self) -> list[dict[str, Any]]:
        """The body's blocks as stored (``type``, ``value``), parsed when a snippet needs them."""
        return json.loads(self.body_json) if self.body_json else []


class ArticleSearch:
    """The articles' search as the page reads it: a slice is the ranked articles as ``FoundArticle``
    rows (the index's one ranked statement, then one query for their columns); ``count()`` and the
    rest are the search's own."""

    def __init__(self, results: Any) -> None:
        self.results = results

    def __getitem__(self, index: slice) -> list[FoundArticle]:
        compiler = self.results.query_compiler
        ranked = compiler.ranked(index.start or 0, index.stop)
        if not ranked:
            return []
        rows = (
            compiler.queryset.filter(pk__in=[pk for pk, _score in ranked])
            .annotate(body_json=Cast("body", TextField()))
            .values_list(*RESULT_FIELDS, "body_json")
        )
        found = {row[0]: row for row in rows}
        return [FoundArticle(found[pk][:-1], found[pk][-1], score) for pk, score in ranked if pk in found]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.results, name)


def _private_q(request: HttpRequest) -> Q:
    """What Wagtail's ``public()`` excludes (pages under a view restriction), with the restricted
    sections read once per generation (a restriction's change starts a new one)."""
    sections = extra.per_generation(
        request,
        "private-sections",
        lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth").distinct()),
    )
    private = Q()
    for path, depth in sections:
        private |= Q(path__startswith=path) & Q(depth__gte=depth)
    return private if private else Q(pk__in=[])


def article_results(
    request: HttpRequest, query: str, sites: list[tuple[str, str]] | None = None
) -> Callable[[list[FoundArticle]], list[mixed.Result]]:
    """Turns a list of found articles into results with marked titles and snippets; the snippet comes
    from the lede when it matches, else from the lede and the body (read with the article)."""
    node = q.parse(query)
    query_tokens = [token for term in q.terms(node) for token in term.tokens] if node else []

    def results(found: list[FoundArticle]) -> list[mixed.Result]:
        return [
            _result(
                request,
                article,
                None if has_hit(article.lede, query_tokens) else article.body,
                query_tokens,
                sites or [],
            )
            for article in found
        ]

    return results


def search_outcome(
    request: HttpRequest, site: Site | None, form: SearchForm, number: str, per_page: int
) -> mixed.Outcome | None:
    """Page ``number`` of the ranked results of a valid form (the page's and the API's); None past the
    last page."""
    data = form.cleaned_data
    city_wide = data.get(SCOPE) == CITY_WIDE
    path = ""
    if data["chuyen_muc"]:
        path = next(path for pk, _title, path in form.categories if pk == data["chuyen_muc"])
    articles = article_search(site, data["q"], city_wide, path, data["tu"], data["den"], request)
    kind = data.get("loai") or ""
    # Other types have no category or date: with those filters the page lists articles only.
    unfiltered = not (data["chuyen_muc"] or data["tu"] or data["den"])
    sites = _site_labels() if city_wide else []
    return mixed.search(
        request,
        data["q"],
        articles,
        article_results(request, data["q"], sites),
        kind,
        number,
        per_page,
        with_sections=unfiltered and articles is not None,
    )


def _render_results(request: HttpRequest, site: Site | None, form: SearchForm, number: str) -> str | None:
    """The count, the type filter, one ranked list of every type and the pagination; None past the
    last page."""
    data = form.cleaned_data
    kind = data.get("loai") or ""
    outcome = search_outcome(request, site, form, number, ARTICLES_PER_PAGE)
    if outcome is None:
        return None
    suggestion = readings.did_you_mean(data["q"])
    context = {
        "query": data["q"],
        "did_you_mean": suggestion,
        "did_you_mean_query": _filter_query(request, q=suggestion) if suggestion else "",
        "paginator": outcome.paginator,
        "count": _number(outcome.paginator.count),
        "count_more": not outcome.exact,
        "page_obj": outcome.page,
        "results": outcome.page.object_list,
        "facets": [
            {
                "label": label,
                "count": _number(count),
                "more": outcome.more and key in ("", mixed.ARTICLES),
                "current": key == kind,
                "query": _filter_query(request, loai=key),
            }
            for key, label, count in outcome.counts
        ],
        "filter_query": _filter_query(request),
        "more": [s for s in outcome.sections if s.more_url and s.key == kind] if kind else [],
    }
    return render_to_string("search/results.html", context, request=request)


def _number(value: int) -> str:
    """A count as Vietnamese writes it: 1.000, 12.345."""
    return f"{value:,}".replace(",", ".")


def _site_labels() -> list[tuple[str, str]]:
    """(root url path, site name) of every site, the most specific path first."""
    sites = Site.objects.select_related("root_page").only("hostname", "site_name", "root_page__url_path")
    labelled = [(site.root_page.url_path, site.site_name or site.hostname) for site in sites]
    return sorted(labelled, key=lambda item: len(item[0]), reverse=True)


def _plain_text(lede: str, body: Any) -> str:
    """Lede and body as plain text, read from the raw StreamField JSON: no image or rendition queries."""
    parts = [lede]
    for block in getattr(body, "raw_data", body) or []:
        value = block.get("value")
        if block.get("type") == "text" and isinstance(value, str):
            parts.append(unescape(TAG_RE.sub("", value.replace("</p>", "</p>\n"))))
        elif isinstance(value, dict):
            parts.extend(str(value.get(key) or "") for key in ("caption", "text"))
    return "\n".join(part for part in parts if part)


def _result(
    request: HttpRequest,
    article: FoundArticle,
    body: Any,
    query_tokens: list[str],
    sites: list[tuple[str, str]],
) -> mixed.Result:
    """Title and snippet marked; the snippet comes from the lede, or lede and body when given."""
    text = article.lede if body is None else _plain_text(article.lede, body)
    return mixed.Result(
        kind=mixed.ARTICLES,
        label=mixed.ARTICLES_LABEL,
        title=highlight(article.title, query_tokens),
        url=article.get_url(request) or "",
        score=article.search_score or 1,
        date=article.display_date,
        snippet=snippet(text, query_tokens),
        site=next((name for path, name in sites if article.url_path.startswith(path)), ""),
        page=article,
    )


def _filter_query(request: HttpRequest, **replace: str) -> str:
    """The search's own parameters without `trang`, for pagination links (others are left out: the
    rendered part is shared by every request that has the same search)."""
    params = request.GET.copy()
    for name in list(params):
        if name not in SearchForm.base_fields:
            params.pop(name)
    for name, value in replace.items():
        params[name] = value
    return params.urlencode()
