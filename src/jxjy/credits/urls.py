from django.urls import path

from . import views

app_name = "credits"
urlpatterns = [
    path("study/claims/", views.my_claims, name="my_claims"),
    path("study/claims/new/", views.claim_new, name="claim_new"),
    path("claims/", views.review_queue, name="review_queue"),
    path("claims/<int:claim_id>/", views.claim_page, name="claim"),
    path("claims/<int:claim_id>/evidence/", views.claim_evidence, name="claim_evidence"),
    path("claims/<int:claim_id>/withdraw/", views.claim_withdraw, name="claim_withdraw"),
    path("claims/<int:claim_id>/approve/", views.claim_approve, name="claim_approve"),
    path("claims/<int:claim_id>/reject/", views.claim_reject, name="claim_reject"),
    path("claims/<int:claim_id>/revoke/", views.claim_revoke, name="claim_revoke"),
    path("credits/corrections/", views.corrections, name="corrections"),
    path("credits/corrections/entries/<int:entry_id>/reverse/", views.correction_reverse, name="correction_reverse"),
    path("credits/corrections/learners/<int:learner_id>/add/", views.correction_add, name="correction_add"),
]
