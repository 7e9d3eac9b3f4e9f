from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "jxjy.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        # post_migrate is sent after all migrations have run (and after a test flush), so every
        # table exists when core's signal arrives.
        post_migrate.connect(_load_reference_data, sender=self, dispatch_uid="jxjy-reference-data")


def _load_reference_data(sender, **kwargs):  # type: ignore[no-untyped-def]
    from .reference import reference_data_load

    reference_data_load()
