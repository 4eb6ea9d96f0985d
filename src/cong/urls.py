from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cong.core import views as core_views
from cong.i18n.sitemap import MultilingualSitemap
from cong.search import api as search_api

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view with a sandbox CSP (cong.core.views); the other document URLs follow.
    re_path(r"^documents/(?P<document_id>\d+)/(?P<document_filename>.*)$", core_views.serve_document),
    path("documents/", include(wagtaildocs_urls)),
    # Every language's pages, translated ones with hreflang alternates (cong.i18n).
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
]

if settings.SERVE_MEDIA:
    # Uploaded images, for a single box without a front proxy; behind nginx, nginx serves /media/
    # itself (deploy/nginx.conf). Never documents: those go through /documents/ above.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", core_views.serve_media)]

urlpatterns += [path("", include("cong.stats.urls"))]

# Public author pages /tac-gia/<slug>/ (cong.news).
urlpatterns += [path("", include("cong.news.urls"))]
# Health checks and Prometheus metrics (docs/operations.md).
urlpatterns += [path("", include("cong.ops.urls"))]

# Search page and the read-only Wagtail API v2 (docs/search.md).
urlpatterns += [path("", include("cong.search.urls")), path("api/v2/", search_api.api_router.urls)]

# Hỏi đáp and the proof-of-work challenges of the public forms (docs/participation.md).
urlpatterns += [
    path("", include("cong.participation.urls")),
    path("altcha/", include("altcha_django.urls")),
]

# Component sites: the city's list of shared articles, each site's theme stylesheet (docs/sites.md).
urlpatterns += [path("", include("cong.sites.urls"))]

# Wagtail's plain password form for login-restricted pages (/_util/login/) would sign editors in outside
# /admin/: outside the admin network allow-list, the login rate limits and the second factor's sign-in.
# Editors are the only accounts, so it sends them to the admin's sign-in (docs/security.md).
urlpatterns += [path("_util/login/", RedirectView.as_view(url="/admin/login/", query_string=True))]

# Vietnamese at the root, English under /en/ (Wagtail's locales; cong.i18n picks the language from the
# path): RSS 2.0 and Atom feeds of the portal and of each category (cong.syndication), the list of
# administrative procedures (cong.navigation), then the pages,
# whose own route finds their translation tree.
urlpatterns += i18n_patterns(
    path("", include("cong.syndication.urls")),
    path("", include("cong.navigation.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
