from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("reviews/", views.index, name="index"),
    path("reviews/mine/", views.mine, name="mine"),
    path("reviews/rounds/open/", views.round_open, name="round_open"),
    path("reviews/rounds/<int:round_id>/", views.round_page, name="round"),
    path("reviews/rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path("reviews/<int:review_id>/", views.review_page, name="review"),
    path("reviews/<int:review_id>/evidence/", views.review_evidence, name="evidence"),
    path("reviews/<int:review_id>/pdf/", views.review_pdf_view, name="pdf"),
    path("reviews/<int:review_id>/self-assessment/", views.self_assess, name="self_assess"),
    path("reviews/<int:review_id>/assessment/", views.assess, name="assess"),
    path("reviews/<int:review_id>/confirm/", views.confirm, name="confirm"),
    path("reviews/<int:review_id>/return/", views.send_back, name="return"),
    path("reviews/<int:review_id>/lift-suspension/", views.lift_suspension, name="lift_suspension"),
]
