from django.urls import path

from . import views

urlpatterns = [path("thu-tuc-hanh-chinh/", views.procedures, name="procedures")]
