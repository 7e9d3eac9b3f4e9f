from django.urls import path

from . import sandbox_views, views

app_name = "portals"
urlpatterns = [
    # The sandbox identity provider first: "sandbox" is no portal's name.
    path("sso/sandbox/<str:tenant>/", sandbox_views.root, name="sandbox_root"),
    path("sso/sandbox/<str:tenant>/.well-known/openid-configuration", sandbox_views.discovery,
         name="sandbox_discovery"),
    path("sso/sandbox/<str:tenant>/authorize", sandbox_views.authorize, name="sandbox_authorize"),
    path("sso/sandbox/<str:tenant>/token", sandbox_views.token, name="sandbox_token"),
    path("sso/sandbox/<str:tenant>/userinfo", sandbox_views.userinfo, name="sandbox_userinfo"),
    path("sso/sandbox/<str:tenant>/jwks", sandbox_views.jwks, name="sandbox_jwks"),
    path("sso/register/", views.register, name="register"),
    path("sso/bind/", views.bind, name="bind"),
    path("sso/identities/<int:identity_id>/unlink/", views.unlink, name="unlink"),
    path("sso/recover/", views.recover, name="recover"),
    path("sso/recover/password/", views.recover_password, name="recover_password"),
    path("sso/<str:provider>/link/", views.link_start, name="link_start"),
    path("sso/<str:provider>/recover/", views.recover_start, name="recover_start"),
    path("sso/<str:provider>/start/", views.start, name="start"),
    path("sso/<str:provider>/callback/", views.callback, name="callback"),
]
