from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "jxjy.certificates"
    label = "certificates"
    verbose_name = _("Yearly certificates")

    def ready(self) -> None:
        from . import signals

        signals.connect()
