import logging

from .masking import mask_text


class MaskPersonalData(logging.Filter):
    """Rewrites every log record so that no ID number or phone number reaches a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not stop logging
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
