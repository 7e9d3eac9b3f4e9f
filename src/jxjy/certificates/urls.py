from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("certificates/", views.lookup, name="lookup"),
    path("certificates/mine/", views.mine, name="mine"),
    path("certificates/mine/<int:year>/issue/", views.issue, name="issue"),
    path("certificates/mine/<int:year>/pdf/", views.my_pdf, name="my_pdf"),
    path("certificates/<int:certificate_id>/pdf/", views.pdf, name="pdf"),
    path("certificates/verify/", views.verify, name="verify"),
]
