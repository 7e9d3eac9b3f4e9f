"""A URLconf with the NinjaAPI alone: the heartbeat answered by the ninja operation, not by the
lean view mounted before it in jxjy.urls (see test_heartbeat_lean_view.py)."""

from django.urls import path

from jxjy.api import api

urlpatterns = [path("api/v1/", api.urls)]
