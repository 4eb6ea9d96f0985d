from django.urls import path

from cong.search.api import search_api_view
from cong.search.suggest import suggest_view
from cong.search.views import search_view

urlpatterns = [
    path("tim-kiem/", search_view, name="search"),
    path("tim-kiem/goi-y/", suggest_view, name="search_suggest"),
    path("api/v2/tim-kiem/", search_api_view, name="search_api"),
]
