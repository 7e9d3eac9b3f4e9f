"""Background courseware checks. Eager in-process by default; a worker with a broker at scale."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .spec import check_file

# Report progress in steps of this share, so a worker does not write to the backend per packet.
_PROGRESS_STEP = 0.02


@shared_task(bind=True)
def courseware_check_task(self: Any, path: str, rules: dict, role: str = "lecture", deep: bool = False) -> dict:
    """Checks one stored file; returns the report dict. Progress goes to the task's state
    (`PROGRESS`, meta `{"progress": 0..1}`) when a result backend is there to hold it."""
    last = [0.0]

    def progress(done: float) -> None:
        if done - last[0] < _PROGRESS_STEP and done < 1.0:
            return
        last[0] = done
        _report(self, done)

    return check_file(path, rules, role=role, deep=deep, progress=progress).to_dict()


def _report(task: Any, done: float) -> None:
    request = getattr(task, "request", None)
    if request is None or getattr(request, "is_eager", False) or not getattr(request, "id", None):
        return
    try:
        task.update_state(state="PROGRESS", meta={"progress": round(done, 3)})
    except NotImplementedError:
        # No result backend configured: progress has nowhere to go.
        pass
