from django.urls import path

from . import views

app_name = "exams"
urlpatterns = [
    path("exams/banks/", views.bank_list, name="bank_list"),
    path("exams/courses/<int:course_id>/bank/", views.bank_page, name="bank"),
    path("exams/courses/<int:course_id>/bank/template.xlsx", views.bank_template, name="bank_template"),
    path("exams/courses/<int:course_id>/bank/export.xlsx", views.bank_export, name="bank_export"),
    path("exams/courses/<int:course_id>/", views.course_exam, name="course"),
    path("exams/courses/<int:course_id>/start", views.attempt_start, name="start"),
    path("exams/attempts/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("exams/attempts/<int:attempt_id>/submit", views.attempt_submit, name="submit"),
]
