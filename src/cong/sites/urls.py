from django.urls import path

from . import views

urlpatterns = [
    path("tin-cong-thanh-phan/", views.shared_articles, name="shared_articles"),
    path("giao-dien.css", views.theme_css, name="site_theme_css"),
]
