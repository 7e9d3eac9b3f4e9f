"""Benchmark: a lecture video upload of 1 GB streams to storage, never whole in memory.

The upload goes through Django's real request handling (WSGIHandler, the multipart parser, the
API endpoint, the service that moves the file into MEDIA_ROOT) with the request body read from
a stream, as from a socket. Baseline, measured in the same run: a bare chunked copy of the same
bytes from a stream into a file (what any upload must at least do).

Prints, for two sizes: the time ratio against the baseline, and the peak Python memory
(tracemalloc) and resident-set growth during the upload, which must stay flat in file size.

    .venv/bin/python bench/bench_catalog_upload.py            # 256 MB and 1 GB
    .venv/bin/python bench/bench_catalog_upload.py --quick    # 32 MB and 128 MB
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CHUNK = 1024 * 1024
BOUNDARY = "----jxjyBenchBoundary7MA4YWxkTrZu0gW"


class MultipartStream(io.RawIOBase):
    """A multipart/form-data body with one file part, produced on the fly from a file."""

    def __init__(self, path: Path) -> None:
        self.head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lecture.mp4\"\r\n"
                     "Content-Type: video/mp4\r\n\r\n").encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.file = open(path, "rb")  # noqa: SIM115
        self.size = path.stat().st_size
        self.stage = 0
        self.pending = self.head

    @property
    def length(self) -> int:
        return len(self.head) + self.size + len(self.tail)

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = CHUNK
        out = bytearray()
        while len(out) < n:
            if self.pending:
                take = self.pending[: n - len(out)]
                self.pending = self.pending[len(take):]
                out += take
                continue
            if self.stage == 0:
                data = self.file.read(min(CHUNK, n - len(out)))
                if data:
                    out += data
                    continue
                self.stage, self.pending = 1, self.tail
                continue
            break
        return bytes(out)

    def close(self) -> None:
        self.file.close()
        super().close()


def setup() -> tuple[str, str, int]:
    var_dir = tempfile.mkdtemp(prefix="jxjy-bench-upload-")
    os.environ["JXJY_VAR_DIR"] = var_dir
    os.environ.pop("JXJY_BROKER_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jxjy.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from jxjy.accounts.auth import token_issue
    from jxjy.catalog import services
    from jxjy.core.personas import build_cast

    cast = build_cast("Bench@2020pw")
    application = services.application_create(actor=cast.base_provincial, data={
        "category": "PROFESSIONAL", "title": "上传基准", "specialty": "GC-JSJ", "level": "JUNIOR", "hours": 8,
        "lectures": [{"number": n, "title": f"第{n}讲"} for n in range(1, 9)]})
    return var_dir, token_issue(user=cast.base_provincial), application.pk


def make_source(path: Path, size: int) -> None:
    block = os.urandom(CHUNK)
    with open(path, "wb") as out:
        for _ in range(size // CHUNK):
            out.write(block)


def measure(fn) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    """(seconds, peak traced bytes, resident growth in bytes) of one call."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    started = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return elapsed, peak, max(0, rss_after - rss_before)


def baseline(source: Path, work: Path) -> None:
    stream = MultipartStream(source)
    target = work / "baseline.bin"
    with open(target, "wb") as out:
        shutil.copyfileobj(stream, out, CHUNK)
    stream.close()
    target.unlink()


def upload(source: Path, token: str, application_id: int) -> None:
    from django.core.handlers.wsgi import WSGIHandler

    stream = MultipartStream(source)
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": f"/api/v1/course-applications/{application_id}/lectures/1/video",
        "SERVER_NAME": "localhost", "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": stream,
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}", "CONTENT_LENGTH": str(stream.length),
        "HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_HOST": "localhost", "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False,
    }
    status: list[str] = []
    response = WSGIHandler()(environ, lambda s, h: status.append(s))
    body = b"".join(response)
    response.close()  # as a WSGI server does: closes the request's uploaded files
    stream.close()
    if not status or not status[0].startswith("200"):
        raise SystemExit(f"upload failed: {status} {body[:300]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="32 MB and 128 MB instead of 256 MB and 1 GB")
    args = parser.parse_args()
    sizes = [32 * CHUNK, 128 * CHUNK] if args.quick else [256 * CHUNK, 1024 * CHUNK]

    var_dir, token, application_id = setup()
    import logging

    logging.disable(logging.INFO)  # the in-process task's log lines
    from django.conf import settings

    from jxjy.catalog.models import Lecture

    work = Path(var_dir) / "bench"
    work.mkdir()
    print(f"upload of a lecture video through the API; FILE_UPLOAD_MAX_MEMORY_SIZE = "
          f"{settings.FILE_UPLOAD_MAX_MEMORY_SIZE // 1024} KB")
    try:
        # Warm up: imports, URL resolution and the API's schema are one-time costs, not the upload's.
        warm = work / "warm.bin"
        make_source(warm, 4 * CHUNK)
        upload(warm, token, application_id)
        warm.unlink()
        for size in sizes:
            source = work / "source.bin"
            make_source(source, size)
            b_time, b_peak, _ = measure(lambda: baseline(source, work))  # noqa: B023
            u_time, u_peak, u_rss = measure(lambda: upload(source, token, application_id))  # noqa: B023
            stored = Path(Lecture.objects.get(course__application__pk=application_id, number=1).video.path)
            assert stored.stat().st_size == size, "stored file differs in size"
            mb = size / CHUNK
            print(f"{mb:6.0f} MB  baseline copy {b_time:6.2f} s ({mb / b_time:6.0f} MB/s)  "
                  f"upload {u_time:6.2f} s ({mb / u_time:6.0f} MB/s)  ratio {u_time / b_time:4.2f}x  "
                  f"peak Python memory {u_peak / CHUNK:5.1f} MB ({u_peak / size:.2%} of the file)  "
                  f"RSS growth {u_rss / CHUNK:5.1f} MB")
            source.unlink()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
