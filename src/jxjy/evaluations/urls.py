from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("study/enrolments/<int:enrolment_id>/evaluation/", views.evaluate, name="evaluate"),
    path("courses/<int:course_id>/evaluations/", views.course_comments, name="course"),
    path("evaluations/", views.overview, name="overview"),
]
