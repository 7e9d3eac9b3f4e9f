from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("org/bases/", views.bases, name="bases"),
    path("org/employers/", views.employers, name="employers"),
    path("org/learners/", views.learners, name="learners"),
]
