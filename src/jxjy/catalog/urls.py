from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("courses/", views.browse, name="browse"),
    path("courses/<int:course_id>/", views.course_page, name="course"),
    path("courses/<int:course_id>/preview.mp4", views.course_preview, name="course_preview"),
    path("courses/<int:course_id>/lectures/<int:number>/video", views.course_lecture_video, name="lecture_video"),
    path("course-applications/", views.application_list, name="applications"),
    path("course-applications/new/", views.application_new, name="application_new"),
    path("course-applications/<int:application_id>/", views.application_page, name="application"),
    path("course-applications/<int:application_id>/edit/", views.application_edit, name="application_edit"),
    path("course-applications/<int:application_id>/checks/", views.application_checks, name="application_checks"),
    path("course-applications/<int:application_id>/submit/", views.application_submit, name="application_submit"),
    path("course-applications/<int:application_id>/review/", views.application_review, name="application_review"),
    path("course-applications/<int:application_id>/form.pdf", views.application_form_pdf_view,
         name="application_form_pdf"),
]
