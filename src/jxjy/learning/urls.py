from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("study/", views.my_study, name="my_study"),
    path("study/enrolments/<int:enrolment_id>/", views.enrolment_page, name="enrolment"),
    path("study/lectures/<int:lecture_id>/", views.lecture_page, name="lecture"),
    path("study/lectures/<int:lecture_id>/video", views.lecture_video, name="lecture_video"),
    path("sessions/", views.sessions_page, name="sessions"),
    path("sessions/<int:session_id>/register/", views.session_register, name="session_register"),
    path("base/sessions/", views.base_sessions, name="base_sessions"),
    path("base/sessions/<int:session_id>/", views.base_session, name="base_session"),
    path("base/sessions/<int:session_id>/attendance/", views.base_session_attendance, name="base_session_attendance"),
    path("base/sessions/<int:session_id>/attendance.xlsx", views.base_session_sheet, name="base_session_sheet"),
    path("base/sessions/<int:session_id>/close/", views.base_session_close, name="base_session_close"),
]
