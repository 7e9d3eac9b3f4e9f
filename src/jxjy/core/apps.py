from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jxjy.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        # post_migrate is sent after all migrations have run (and after a test flush), so every
        # table exists when core's signal arrives.
        post_migrate.connect(_load_reference_data, sender=self, dispatch_uid="jxjy-reference-data")


def _load_reference_data(sender, **kwargs):  # type: ignore[no-untyped-def]
    from .reference import reference_data_load

    reference_data_load()
