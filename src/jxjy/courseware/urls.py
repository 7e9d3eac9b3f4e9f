from django.urls import path

from . import views

app_name = "courseware"
urlpatterns = [
    path("courseware/check/", views.check_page, name="check"),
]
