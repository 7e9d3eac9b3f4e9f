from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "jxjy.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from . import events

        events.connect()
