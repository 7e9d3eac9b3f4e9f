"""Uploaded files reach users only through views that check access first.

Videos need HTTP Range requests: a browser seeks (and resumes a lecture where the learner
stopped) by asking for byte ranges. At scale the web server sends the bytes: set
JXJY_MEDIA_ACCEL_REDIRECT to the internal location that maps to MEDIA_ROOT (nginx
X-Accel-Redirect) and the view only authorises.
"""

from __future__ import annotations

import mimetypes
import os
import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from .errors import NotFound

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 256 * 1024


def _read_range(path: Path, start: int, length: int) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        fh.seek(start)
        remaining = length
        while remaining > 0:
            data = fh.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data


def serve_file(request: HttpRequest, field_file: object, *, filename: str | None = None) -> HttpResponseBase:
    """Serves a stored file (a FieldFile) with Range support, after the caller checked access."""
    name = getattr(field_file, "name", "") or ""
    if not name:
        raise NotFound(_("The file has not been uploaded"), code="file_missing")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if root not in path.parents or not path.is_file():
        raise NotFound(_("The file has not been uploaded"), code="file_missing")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    accel = getattr(settings, "JXJY_MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + name
        return response
    size = path.stat().st_size
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if match and (match.group(1) or match.group(2)):
        first, last = match.group(1), match.group(2)
        if first:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        else:  # a suffix range: the last N bytes
            start = max(size - int(last), 0)
            end = size - 1
        if start >= size or start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        streaming = StreamingHttpResponse(_read_range(path, start, end - start + 1), status=206,
                                          content_type=content_type)
        streaming["Content-Range"] = f"bytes {start}-{end}/{size}"
        streaming["Content-Length"] = str(end - start + 1)
        streaming["Accept-Ranges"] = "bytes"
        streaming["Cache-Control"] = "private, max-age=3600"
        return streaming
    whole = FileResponse(open(path, "rb"), content_type=content_type,  # noqa: SIM115 - FileResponse closes it
                         filename=filename or os.path.basename(name))
    whole["Accept-Ranges"] = "bytes"
    whole["Cache-Control"] = "private, max-age=3600"
    whole["Content-Disposition"] = whole["Content-Disposition"].replace("attachment", "inline")
    return whole
