from django.urls import path

from . import account_views, privacy_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("register/", views.register_view, name="register"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("learners/<int:learner_id>/affiliation/", views.affiliation_view, name="affiliation"),
    path("account/", account_views.account, name="account"),
    path("account/password/", account_views.password_change, name="password_change"),
    path("account/phone/", account_views.phone_change, name="phone_change"),
    path("account/profile/", account_views.profile_update, name="profile_update"),
    path("account/employer/", account_views.employer_change, name="employer_change"),
    path("account/data/", privacy_views.data, name="personal_data"),
    path("account/cancel/", privacy_views.cancel, name="cancel"),
    path("privacy/", privacy_views.policy, name="privacy"),
    path("privacy/accept/", privacy_views.accept, name="privacy_accept"),
    path("password/forgot/", account_views.forgot, name="password_forgot"),
    path("password/forgot/reset/", account_views.forgot_reset, name="password_forgot_reset"),
    path("staff-accounts/", account_views.staff_accounts, name="staff_accounts"),
    path("staff-accounts/<int:user_id>/reset-password/", account_views.staff_reset, name="staff_reset"),
]
