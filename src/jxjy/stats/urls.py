from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("stats/", views.stats_page, name="page"),
    path("stats/export/<slug:table>.xlsx", views.stats_export, name="export"),
]
