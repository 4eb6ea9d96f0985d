from django.urls import path

from . import views

urlpatterns = [
    path("stats/hit", views.hit, name="stats_hit"),
    path("stats/hit.gif", views.pixel, name="stats_pixel"),
    path("stats/summary.json", views.summary_json, name="stats_summary"),
    path("thong-ke/", views.stats_page, name="stats_page"),
    path("thong-ke/quyen-rieng-tu/", views.privacy_page, name="stats_privacy"),
]
