from django.urls import path

from .feeds import atom_view, rss_view

urlpatterns = [
    path("rss/", rss_view, name="feed_rss"),
    path("atom/", atom_view, name="feed_atom"),
    path("rss/<slug:slug>/", rss_view, name="feed_rss_category"),
    path("atom/<slug:slug>/", atom_view, name="feed_atom_category"),
]
