from django.urls import path

from . import views

app_name = "service"
urlpatterns = [
    path("policy/", views.policy_list, name="policy_list"),
    path("policy/faq/", views.faq_page, name="faq"),
    path("policy/new/", views.policy_new, name="policy_new"),
    path("policy/<int:article_id>/", views.policy_detail, name="policy"),
    path("policy/<int:article_id>/attachments/", views.policy_attachment_add, name="policy_attachment_add"),
    path("policy/<int:article_id>/attachments/<int:attachment_id>/", views.policy_attachment,
         name="policy_attachment"),
    path("policy/<int:article_id>/attachments/<int:attachment_id>/delete/", views.policy_attachment_delete,
         name="policy_attachment_delete"),
    path("consultations/", views.my_consultations, name="my_consultations"),
    path("consultations/new/", views.consultation_new, name="consultation_new"),
    path("consultations/queue/", views.consultation_queue, name="consultation_queue"),
    path("consultations/<int:consultation_id>/", views.consultation_page, name="consultation"),
    path("consultations/<int:consultation_id>/answer/", views.consultation_answer, name="consultation_answer"),
    path("consultations/<int:consultation_id>/close/", views.consultation_close, name="consultation_close"),
    path("complaints/", views.complaint_queue, name="complaint_queue"),
    path("complaints/mine/", views.my_complaints, name="my_complaints"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<int:complaint_id>/", views.complaint_page, name="complaint"),
    path("complaints/<int:complaint_id>/evidence/", views.complaint_evidence, name="complaint_evidence"),
    path("complaints/<int:complaint_id>/accept/", views.complaint_accept, name="complaint_accept"),
    path("complaints/<int:complaint_id>/note/", views.complaint_note, name="complaint_note"),
    path("complaints/<int:complaint_id>/resolve/", views.complaint_resolve, name="complaint_resolve"),
    path("complaints/<int:complaint_id>/statement/", views.complaint_statement, name="complaint_statement"),
]
