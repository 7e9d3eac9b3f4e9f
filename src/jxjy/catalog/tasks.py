"""Background work of the catalog: the spec check of an uploaded lecture or preview video."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="catalog.attachment_check", acks_late=True)
def attachment_check_task(kind: str, object_id: int, name: str) -> str:
    """Thin wrapper: see `services.attachment_check_run`."""
    from django.conf import settings
    from django.utils import translation

    from .services import attachment_check_run

    # A worker has no request: the stored report speaks the platform's language.
    with translation.override(settings.LANGUAGE_CODE):
        return attachment_check_run(kind=kind, object_id=object_id, name=name)
