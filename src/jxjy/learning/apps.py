from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "jxjy.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from .signals import connect

        connect()
