from django.contrib import admin
from django.urls import include, path

from jxjy.api import api
from jxjy.learning.heartbeat_api import playback_heartbeat

urlpatterns = [
    # The hottest API call, served by a lean view before the NinjaAPI (which keeps the operation
    # for its schema and answers what the lean view hands back): see learning/heartbeat_api.py.
    path("api/v1/playbacks/<int:playback_id>/heartbeat", playback_heartbeat),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("jxjy.core.urls")),
    path("", include("jxjy.accounts.urls")),
    path("", include("jxjy.org.urls")),
    path("", include("jxjy.plans.urls")),
    path("", include("jxjy.catalog.urls")),
    path("", include("jxjy.courseware.urls")),
    path("", include("jxjy.exams.urls")),
    path("", include("jxjy.learning.urls")),
    path("", include("jxjy.credits.urls")),
    path("", include("jxjy.billing.urls")),
    path("", include("jxjy.certificates.urls")),
    path("", include("jxjy.reviews.urls")),
    path("", include("jxjy.service.urls")),
    path("", include("jxjy.stats.urls")),
    path("", include("jxjy.portals.urls")),
    path("", include("jxjy.notices.urls")),
    path("", include("jxjy.evaluations.urls")),
]
# Uploaded files are never served from a public /media/ path: each goes through a view that
# checks access first (jxjy.core.media.serve_file).
