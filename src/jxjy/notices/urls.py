from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("notices/", views.inbox, name="inbox"),
    path("notices/read-all/", views.mark_all_read, name="read_all"),
    path("notices/preferences/", views.preferences, name="preferences"),
    path("notices/<int:notice_id>/read/", views.mark_read, name="read"),
    path("notices/<int:notice_id>/open/", views.open_notice, name="open"),
    path("notices/sms-sandbox/", views.sms_sandbox, name="sms_sandbox"),
]
