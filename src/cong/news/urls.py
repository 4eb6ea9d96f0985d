from django.urls import path

from . import views

urlpatterns = [path("tac-gia/<slug:slug>/", views.author_page, name="news_author")]
