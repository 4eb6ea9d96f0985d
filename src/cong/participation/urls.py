from django.urls import path

from . import consultation_views, feedback_views, views

app_name = "participation"

urlpatterns = [
    path("hoi-dap/", views.archive, name="archive"),
    path("hoi-dap/gui-cau-hoi/", views.ask, name="ask"),
    path("hoi-dap/theo-doi/<str:token>/", views.status, name="status"),
    path("hoi-dap/theo-doi/<str:token>/rut/", views.withdraw, name="withdraw"),
    path("hoi-dap/<str:code>/", views.question_detail, name="question"),
    path("danh-gia/", feedback_views.rating, name="rating"),
    path("danh-gia/cam-on/", feedback_views.rating_thanks, name="rating_thanks"),
    path("tham-do/", feedback_views.polls, name="polls"),
    path("tham-do/<slug:slug>/", feedback_views.poll, name="poll"),
    path("lay-y-kien/", consultation_views.consultations, name="consultations"),
    path("lay-y-kien/<slug:slug>/", consultation_views.consultation, name="consultation"),
]
