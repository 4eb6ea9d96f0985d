from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("hoi-dap/", views.archive, name="archive"),
    path("hoi-dap/gui-cau-hoi/", views.ask, name="ask"),
    path("hoi-dap/theo-doi/<str:token>/", views.status, name="status"),
    path("hoi-dap/theo-doi/<str:token>/rut/", views.withdraw, name="withdraw"),
    path("hoi-dap/<str:code>/", views.question_detail, name="question"),
]
