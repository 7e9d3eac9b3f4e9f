"""The courseware spec check: a video file against the production spec (RULES-2020 §5).

Pure core: no Django import. Every number comes from the `rules` dict of the plan's spec profile
(`plan.spec_profile.rules`); a rule whose key the profile lacks is simply not checked, so a year
that drops or adds a rule needs no release.

How it reads a file, cheapest first:

* header facts (codec, container, resolution, aspect, frame rate, scan, audio format, duration)
  come from PyAV's open, which parses the container index and a few frames only;
* bit rates come from one demux pass over the video packets' sizes (no decoding): the average and
  the highest and lowest full window of `bitrate_window_seconds`; memory stays flat because only
  per-window byte counts are kept;
* with `deep`, the audio is decoded once through ffmpeg's `astats` filter for its peak level and
  the length of the silence at the start.

Broken input (empty, not a video, an MP4 whose index is missing, damaged data) never raises: the
report says what is wrong in a sentence a producer can act on, with `readable=False` when the file
cannot be read at all.

Messages are English msgids translated through the app's catalogue: Django's active language when
Django is running, otherwise the shipped Chinese catalogue read with the standard `gettext`.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import logging
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

logger = logging.getLogger(__name__)

# The API contract allows exactly these three statuses; outside systems switch on them.
PASS, WARN, FAIL = "pass", "warn", "fail"
STATUSES = (PASS, WARN, FAIL)
_SEVERITY = {PASS: 0, WARN: 1, FAIL: 2}
_LEGACY_INFO = "info"

# Measurement precision, not spec numbers: timestamps are rounded to the container's time base and
# pixel sizes to even numbers, so exact equality would fail correct files.
_RATE_TOLERANCE = 0.005
_ASPECT_TOLERANCE = 0.01
_VFR_TOLERANCE = 0.02
_PROGRESS_EVERY = 2000

Progress = Callable[[float], None]


# --- translation -------------------------------------------------------------------------------

_LOCALE_DIR = Path(__file__).resolve().parent / "locale"


@functools.cache
def _catalogue() -> _gettext.NullTranslations:
    return _gettext.translation("django", localedir=str(_LOCALE_DIR), languages=["zh_Hans"], fallback=True)


def _django_ready() -> bool:
    conf = sys.modules.get("django.conf")
    return conf is not None and conf.settings.configured


def _(message: str) -> str:
    """Translates a msgid (and marks it for `makemessages`)."""
    if _django_ready():
        from django.utils.translation import gettext

        return gettext(message)
    return _catalogue().gettext(message)


def pgettext(context: str, message: str) -> str:
    """Translates a short msgid within a context: Django merges every app's catalogue, and a word
    such as "Required" or "pass" means something else in another app."""
    if _django_ready():
        from django.utils.translation import pgettext as django_pgettext

        return django_pgettext(context, message)
    return _catalogue().pgettext(context, message)


# --- reports -----------------------------------------------------------------------------------

@dataclass
class Row:
    """One rule's outcome; `status` is always pass, warn or fail.

    `judged=False` marks a row that is reported, not judged against the file: `pass` when it is
    purely informative (subtitles, the signal-to-noise ratio), `warn` when someone must still look
    at what this check did not measure (opening titles, the audio level without the deep check).
    Such rows leave the verdict alone; `to_dict` adds `"judged": false` only to them, so the rows
    of the agreed shape stay as they were.
    """

    rule: str
    status: str
    measured: str
    required: str
    message: str
    judged: bool = True

    def __post_init__(self) -> None:
        # Reports stored by an earlier version (the catalog keeps them and rebuilds rows from them)
        # may carry "info", which the contract does not know.
        if self.status == _LEGACY_INFO:
            self.status, self.judged = PASS, False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"rule": self.rule, "status": self.status, "measured": self.measured,
                                "required": self.required, "message": self.message}
        if not self.judged:
            data["judged"] = False
        return data


def _reported(rule: str, status: str, measured: str, required: str, message: str) -> Row:
    """A row reported but not judged (see `Row`)."""
    return Row(rule, status, measured, required, message, judged=False)


def _worst(statuses: list[str]) -> str:
    worst = PASS
    for status in statuses:
        if _SEVERITY[status] > _SEVERITY[worst]:
            worst = status
    return worst


@dataclass
class FileReport:
    file: str
    role: str
    rows: list[Row] = field(default_factory=list)
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    aspect: str | None = None
    readable: bool = True

    @property
    def verdict(self) -> str:
        """The worst judged row: a warning to look at the opening titles is on every file and
        would otherwise hide the difference between a clean file and a doubtful one."""
        return _worst([r.status for r in self.rows if r.judged])

    def row(self, rule: str) -> Row | None:
        return next((r for r in self.rows if r.rule == rule), None)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "role": self.role, "verdict": self.verdict,
                "duration": round(self.duration, 3) if self.duration is not None else None,
                "readable": self.readable, "width": self.width, "height": self.height,
                "rows": [r.to_dict() for r in self.rows]}


@dataclass
class CourseReport:
    files: list[FileReport]
    course_rows: list[Row]

    @property
    def verdict(self) -> str:
        return _worst([f.verdict for f in self.files] + [r.status for r in self.course_rows])

    @property
    def readable(self) -> bool:
        return all(f.readable for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "files": [f.to_dict() for f in self.files],
                "course_rows": [r.to_dict() for r in self.course_rows]}


# --- reading the file --------------------------------------------------------------------------

class Unreadable(Exception):
    """The file cannot be read as a video at all; `code` is stable, `message` is for people."""

    def __init__(self, code: str, message: str, measured: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.measured = code, message, measured


@dataclass
class Boxes:
    """Top-level ISO BMFF boxes, read from their 8-byte headers only."""

    is_iso: bool = False
    order: list[str] = field(default_factory=list)
    truncated_box: str | None = None

    @property
    def has_moov(self) -> bool:
        return "moov" in self.order

    @property
    def faststart(self) -> bool | None:
        if not self.has_moov or "mdat" not in self.order:
            return None
        return self.order.index("moov") < self.order.index("mdat")


def read_boxes(path: Path, size: int) -> Boxes:
    boxes = Boxes()
    with path.open("rb") as fh:
        head = fh.read(12)
        if len(head) < 12 or head[4:8] not in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
            return boxes
        boxes.is_iso = True
        pos = 0
        # A file has a handful of top-level boxes; the bound only guards against garbage.
        for _i in range(10_000):
            if pos + 8 > size:
                break
            fh.seek(pos)
            header = fh.read(16)
            box_size = int.from_bytes(header[0:4], "big")
            kind = header[4:8].decode("latin-1")
            if box_size == 1 and len(header) == 16:
                box_size = int.from_bytes(header[8:16], "big")
            elif box_size == 0:
                box_size = size - pos
            if box_size < 8:
                boxes.truncated_box = kind
                break
            boxes.order.append(kind)
            if pos + box_size > size:
                boxes.truncated_box = kind
                break
            pos += box_size
    return boxes


@dataclass
class VideoFacts:
    codec: str
    profile: str | None
    width: int
    height: int
    sar: Fraction
    average_rate: Fraction | None
    base_rate: Fraction | None
    field_order: str  # progressive | tt | bb | tb | bt | unknown
    duration: float | None
    bit_rate: int | None
    frames: int


@dataclass
class AudioFacts:
    codec: str
    profile: str | None
    sample_rate: int
    channels: int
    bit_rate: int | None
    duration: float | None


@dataclass
class Facts:
    container: str  # mp4 | mov | mkv | ... (short name)
    container_long: str
    boxes: Boxes
    duration: float | None
    video: VideoFacts | None
    audio: AudioFacts | None
    subtitles: int
    size: int


_FIELD_ORDERS = {0: "unknown", 1: "progressive", 2: "tt", 3: "bb", 4: "tb", 5: "bt"}


def _seconds(value: int | None, time_base: Fraction | None) -> float | None:
    if value is None or time_base is None or value <= 0:
        return None
    return float(value * time_base)


def _container_name(container: Any) -> str:
    name = container.format.name
    if "mp4" in name.split(","):
        brand = (container.metadata.get("major_brand") or "").strip().lower()
        if brand == "qt":
            return "mov"
        return "m4a" if brand == "m4a" else "mp4"
    if name.startswith("matroska"):
        return "mkv"
    return name.split(",")[0]


def _open(path: Path) -> tuple[Any, Boxes, int]:
    """Opens the file, or raises `Unreadable` saying why it cannot be read."""
    if not path.exists() or not path.is_file():
        raise Unreadable("missing", _("The file does not exist."))
    size = path.stat().st_size
    if size == 0:
        raise Unreadable("empty", _("The file is empty (0 bytes). Upload the finished video again."),
                         measured=pgettext("courseware", "0 bytes"))
    boxes = read_boxes(path, size)
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except (av.FFmpegError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise _diagnose(path, boxes, exc) from None
    return container, boxes, size


def _diagnose(path: Path, boxes: Boxes, exc: Exception) -> Unreadable:
    if boxes.is_iso and not boxes.has_moov:
        return Unreadable("moov_missing", _(
            "The MP4 file is incomplete: its index (moov box) is missing, usually because the upload or the "
            "recording was interrupted. Export or upload the video again."),
            measured=pgettext("courseware", "moov box missing"))
    if boxes.is_iso:
        return Unreadable("damaged", _("The MP4 file is damaged and cannot be read. Export it again."),
                          measured=pgettext("courseware", "damaged MP4"))
    with path.open("rb") as fh:
        head = fh.read(4096)
    if _looks_like_text(head):
        return Unreadable("not_video", _(
            "This is a text file, not a video; perhaps its name was changed to end in .mp4. Upload the "
            "video file itself."), measured=pgettext("courseware", "text"))
    return Unreadable("unknown_format", _("The file is not a video format that can be read. Upload an MP4 video."),
                      measured=pgettext("courseware", "unknown format"))


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\0" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character may be cut at the end of the sample.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def _probe_container(container: Any, boxes: Boxes, size: int) -> Facts:
    video = audio = None
    subtitles = 0
    vstreams = [s for s in container.streams if s.type == "video"
                and not (s.disposition & av.stream.Disposition.attached_pic)]
    astreams = [s for s in container.streams if s.type == "audio"]
    subtitles = sum(1 for s in container.streams if s.type == "subtitle")
    if vstreams:
        s = vstreams[0]
        ctx = s.codec_context
        video = VideoFacts(
            codec=ctx.name, profile=ctx.profile, width=ctx.width, height=ctx.height,
            sar=Fraction(s.sample_aspect_ratio) if s.sample_aspect_ratio else Fraction(1),
            average_rate=Fraction(s.average_rate) if s.average_rate else None,
            base_rate=Fraction(s.base_rate) if s.base_rate else None,
            field_order=_FIELD_ORDERS.get(ctx.field_order or 0, "unknown"),
            duration=_seconds(s.duration, s.time_base), bit_rate=ctx.bit_rate or None, frames=s.frames or 0)
    if astreams:
        s = astreams[0]
        ctx = s.codec_context
        audio = AudioFacts(codec=ctx.name, profile=ctx.profile, sample_rate=ctx.sample_rate or 0,
                           channels=ctx.channels or 0, bit_rate=ctx.bit_rate or None,
                           duration=_seconds(s.duration, s.time_base))
    duration = None
    if video is not None and video.duration:
        duration = video.duration
    elif container.duration:
        duration = container.duration / av.time_base
    elif audio is not None:
        duration = audio.duration
    return Facts(container=_container_name(container), container_long=container.format.long_name, boxes=boxes,
                 duration=duration, video=video, audio=audio, subtitles=subtitles, size=size)


def probe(path: str | Path) -> Facts:
    """Header facts only (no packet scan). Raises `Unreadable`."""
    container, boxes, size = _open(Path(path))
    try:
        facts = _probe_container(container, boxes, size)
        _fill_unknown_scan(container, facts)
        return facts
    finally:
        container.close()


def _fill_unknown_scan(container: Any, facts: Facts) -> None:
    """Some codecs (MPEG-4 Part 2, HEVC) leave the field order unset: decode one frame to learn it."""
    if facts.video is None or facts.video.field_order != "unknown":
        return
    try:
        stream = next(s for s in container.streams if s.type == "video")
        for frame in container.decode(stream):
            facts.video.field_order = "interlaced" if frame.interlaced_frame else "progressive"
            break
        container.seek(0)
    except (av.FFmpegError, StopIteration, ValueError):
        pass


@dataclass
class Scan:
    """What one pass over the packets found (sizes and timestamps only)."""

    video_bytes: int = 0
    video_packets: int = 0
    video_start: float | None = None
    video_end: float | None = None
    windows_kbps: list[float] = field(default_factory=list)
    frame_duration_min: int | None = None
    frame_duration_max: int | None = None
    audio_bytes: int = 0
    audio_end: float | None = None
    error: str | None = None

    @property
    def video_span(self) -> float | None:
        if self.video_start is None or self.video_end is None:
            return None
        return self.video_end - self.video_start


def _scan_container(container: Any, facts: Facts, window: float, progress: Progress | None = None,
                    share: tuple[float, float] = (0.0, 1.0)) -> Scan:
    """Sums packet sizes per window; reads the audio packets only when the header lacks a bit rate."""
    scan = Scan()
    vstream = next((s for s in container.streams if s.type == "video"
                    and not (s.disposition & av.stream.Disposition.attached_pic)), None)
    astream = next((s for s in container.streams if s.type == "audio"), None)
    wanted = [s for s in (vstream,) if s is not None]
    if astream is not None and facts.audio is not None and not facts.audio.bit_rate:
        wanted.append(astream)
    if not wanted:
        return scan
    total = facts.duration or 0.0
    lo, hi = share
    buckets: dict[int, int] = {}
    vindex = vstream.index if vstream is not None else -1
    vtb = float(vstream.time_base) if vstream is not None else 0.0
    atb = float(astream.time_base) if astream is not None else 0.0
    start_ticks: int | None = None
    prev_duration: int | None = None
    dmin = dmax = None
    count = 0
    vend = 0
    try:
        for packet in container.demux(wanted):
            size = packet.size
            if not size:
                continue
            dts = packet.dts
            if packet.stream_index == vindex:
                if dts is None:
                    dts = packet.pts
                    if dts is None:
                        continue
                if start_ticks is None:
                    start_ticks = dts
                duration = packet.duration or 0
                # The last frame's duration is often a guess by the muxer: judge a frame's duration
                # only once another frame follows it.
                if prev_duration:
                    if dmin is None or prev_duration < dmin:
                        dmin = prev_duration
                    if dmax is None or prev_duration > dmax:
                        dmax = prev_duration
                prev_duration = duration
                scan.video_bytes += size
                scan.video_packets += 1
                key = int((dts - start_ticks) * vtb / window)
                buckets[key] = buckets.get(key, 0) + size
                end = dts + duration
                if end > vend:
                    vend = end
            else:
                scan.audio_bytes += size
                if dts is not None:
                    scan.audio_end = (dts + (packet.duration or 0)) * atb
            count += 1
            if progress is not None and count % _PROGRESS_EVERY == 0 and total and dts is not None:
                tb = vtb if packet.stream_index == vindex else atb
                progress(lo + (hi - lo) * min(1.0, max(0.0, dts * tb / total)))
    except (av.FFmpegError, OSError) as exc:
        scan.error = str(exc)
    if start_ticks is not None:
        scan.video_start = start_ticks * vtb
        scan.video_end = vend * vtb
    scan.frame_duration_min, scan.frame_duration_max = dmin, dmax
    span = scan.video_span or 0.0
    full = int(span / window + 1e-6)
    scan.windows_kbps = [buckets.get(k, 0) * 8 / window / 1000 for k in range(full)]
    return scan


def scan(path: str | Path, window: float) -> Scan:
    """The packet scan alone (used by the benchmark); raises `Unreadable`."""
    container, boxes, size = _open(Path(path))
    try:
        facts = _probe_container(container, boxes, size)
        return _scan_container(container, facts, window)
    finally:
        container.close()


@dataclass
class Levels:
    peak_dbfs: float | None
    leading_silence: float
    error: str | None = None


def measure_audio(path: str | Path, silence_dbfs: float | None, progress: Progress | None = None,
                  share: tuple[float, float] = (0.0, 1.0), total: float | None = None,
                  convert: tuple[int, str] | None = None) -> Levels:
    """Peak level and leading silence of the first audio stream, from one decode.

    The decoding and the level measurement (`astats`, one value per tenth of a second) run inside
    ffmpeg's filter graph (`amovie` source), so Python sees ten values a second instead of every
    decoded frame; the file name goes in as an option, never spliced into a filter string.
    `convert` (sample rate, channel layout) measures the sound as it will be after conversion
    (an upmix from mono, for one, lowers the level).
    """
    peak = -math.inf
    leading: float | None = None
    elapsed = 0.0
    lo, hi = share
    error = None
    try:
        graph = av.filter.Graph()
        chain = [graph.add("amovie", filename=str(path))]
        if convert is not None:
            chain.append(graph.add("aresample", str(convert[0])))
            rate, layout = convert
            chain.append(graph.add("aformat", f"sample_fmts=fltp:sample_rates={rate}:channel_layouts={layout}"))
        # Ten blocks a second: fine enough for "silence at the start", coarse enough to be cheap.
        block = graph.add("asetnsamples", "n=4800:p=0")
        stats = graph.add("astats", "metadata=1:reset=1:measure_perchannel=none:measure_overall=Peak_level")
        sink = graph.add("abuffersink")
        chain += [block, stats, sink]
        for a, b in zip(chain, chain[1:], strict=False):
            a.link_to(b)
        graph.configure()
        count = 0
        while True:
            try:
                out = graph.pull()
            except (av.BlockingIOError, av.EOFError):
                break
            value = out.metadata.get("lavfi.astats.Overall.Peak_level")
            try:
                level = float(value) if value else -math.inf
            except ValueError:
                level = -math.inf
            if level > peak:
                peak = level
            if leading is None and silence_dbfs is not None and level > float(silence_dbfs):
                leading = elapsed
            elapsed += out.samples / (out.sample_rate or 1)
            count += 1
            if progress is not None and total and count % 600 == 0:
                progress(lo + (hi - lo) * min(1.0, elapsed / total))
    except (av.FFmpegError, OSError, ValueError) as exc:
        error = str(exc) or exc.__class__.__name__
    return Levels(peak_dbfs=None if peak == -math.inf else peak,
                  leading_silence=elapsed if leading is None else leading, error=error)


def rule_label(rule: str) -> str:
    """The rule's name for people (report tables, the command's output)."""
    labels = {
        "readable": pgettext("courseware", "File"),
        "integrity": pgettext("courseware", "Completeness"),
        "container": pgettext("courseware", "Container"),
        "video_codec": pgettext("courseware", "Video codec"),
        "video_bitrate": pgettext("courseware", "Video bit rate (average)"),
        "video_bitrate_peak": pgettext("courseware", "Video bit rate (highest window)"),
        "video_bitrate_low": pgettext("courseware", "Video bit rate (lowest window)"),
        "resolution": pgettext("courseware", "Resolution"),
        "aspect_ratio": pgettext("courseware", "Aspect ratio"),
        "frame_rate": pgettext("courseware", "Frame rate"),
        "scan": pgettext("courseware", "Scan"),
        "subtitles": pgettext("courseware", "Subtitles"),
        "opening_titles": pgettext("courseware", "Opening titles"),
        "audio_codec": pgettext("courseware", "Audio codec"),
        "audio_sample_rate": pgettext("courseware", "Audio sample rate"),
        "audio_bitrate": pgettext("courseware", "Audio bit rate"),
        "audio_channels": pgettext("courseware", "Audio channels"),
        "duration": pgettext("courseware", "Duration"),
        "audio_peak": pgettext("courseware", "Audio peak level"),
        "leading_silence": pgettext("courseware", "Silence at the start"),
        "audio_decode": pgettext("courseware", "Audio decoding"),
        "audio_snr": pgettext("courseware", "Audio signal-to-noise ratio"),
        "faststart": pgettext("courseware", "Index position (faststart)"),
        "course_hours": pgettext("courseware", "Course hours"),
        "lecture_count": pgettext("courseware", "Number of lectures"),
        "same_resolution": pgettext("courseware", "Same resolution for all lectures"),
        "same_aspect_ratio": pgettext("courseware", "Same aspect ratio for all lectures"),
        "preview": pgettext("courseware", "Preview video"),
    }
    return labels.get(rule, rule)


def status_label(status: str, judged: bool = True) -> str:
    """The status for people; a row not judged reads as a note, or as a task for the reviewer."""
    if not judged:
        return pgettext("courseware", "check by hand") if status == WARN else pgettext("courseware", "note")
    labels = {
        PASS: pgettext("courseware", "pass"),
        WARN: pgettext("courseware", "warning"),
        FAIL: pgettext("courseware", "fail"),
    }
    return labels.get(status, status)


# --- judging -----------------------------------------------------------------------------------

_CODEC_NAMES = {"h264": "H.264", "hevc": "H.265 (HEVC)", "mpeg4": "MPEG-4 Part 2", "mpeg2video": "MPEG-2",
                "vp9": "VP9", "av1": "AV1", "aac": "AAC", "mp3": "MP3", "ac3": "AC-3", "opus": "Opus",
                "pcm_s16le": "PCM"}
_CONTAINER_NAMES = {"mp4": "MP4", "mov": "MOV (QuickTime)", "mkv": "MKV (Matroska)", "avi": "AVI",
                    "flv": "FLV", "mpegts": "MPEG-TS", "m4a": "M4A"}
_ASPECTS = [(16, 9), (4, 3), (16, 10), (21, 9), (1, 1), (9, 16), (3, 2), (5, 4)]


def _codec_name(code: str) -> str:
    return _CODEC_NAMES.get(code, code.upper())


def _num(value: float) -> str:
    return f"{value:g}" if float(value) == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def _kbps(value: float) -> str:
    return f"{value:.0f} kbps"


def _minutes_seconds(seconds: float) -> str:
    total = int(round(seconds))
    return pgettext("courseware", "{m} min {s} s").format(m=total // 60, s=total % 60)


def parse_aspect(text: str) -> Fraction:
    left, _sep, right = str(text).partition(":")
    return Fraction(int(left), int(right or 1))


def aspect_label(width: int, height: int, sar: Fraction = Fraction(1)) -> str:
    if not width or not height:
        return "—"
    ratio = Fraction(width, height) * (sar or 1)
    for w, h in _ASPECTS:
        if abs(float(ratio) / (w / h) - 1) <= _ASPECT_TOLERANCE:
            return f"{w}:{h}"
    return f"{float(ratio):.2f}:1"


def _has(rules: dict, *keys: str) -> bool:
    return all(rules.get(k) is not None for k in keys)


def _ok(status_ok: bool, failing: str = FAIL) -> str:
    return PASS if status_ok else failing


def _judge(facts: Facts, sc: Scan | None, levels: Levels | None, rules: dict, role: str, deep: bool) -> list[Row]:
    rows: list[Row] = []
    add = rows.append
    v, a = facts.video, facts.audio
    fine = _("Meets the requirement.")
    no_video = _("The file has no video stream (audio only).")
    no_audio = _("The file has no audio stream; the lecture needs sound.")

    if sc is not None and sc.error:
        add(Row("integrity", FAIL, pgettext("courseware", "data ends early"),
                pgettext("courseware", "complete file"), _(
            "The video data is damaged or cut off partway; only part of it can be read. Export it again.")))
    elif facts.boxes.truncated_box:
        add(Row("integrity", FAIL, pgettext("courseware", "cut off"), pgettext("courseware", "complete file"), _(
            "The file is cut off (its last part is missing), usually because the upload was interrupted. "
            "Upload it again.")))

    if _has(rules, "container"):
        want = str(rules["container"]).lower()
        ok = facts.container == want
        add(Row("container", _ok(ok), _CONTAINER_NAMES.get(facts.container, facts.container_long),
                _CONTAINER_NAMES.get(want, want.upper()),
                fine if ok else _("The container is {measured}; remux or export the video as {required}.").format(
                    measured=_CONTAINER_NAMES.get(facts.container, facts.container_long),
                    required=_CONTAINER_NAMES.get(want, want.upper()))))

    if _has(rules, "video_codec"):
        want = str(rules["video_codec"]).lower()
        if v is None:
            add(Row("video_codec", FAIL, pgettext("courseware", "no video stream"), _codec_name(want), no_video))
        else:
            ok = v.codec == want
            measured = _codec_name(v.codec) + (f" ({v.profile})" if v.profile else "")
            add(Row("video_codec", _ok(ok), measured, _codec_name(want), fine if ok else _(
                "The video is encoded as {measured}; re-encode it as {required}.").format(
                    measured=_codec_name(v.codec), required=_codec_name(want))))

    if _has(rules, "video_bitrate_kbps_min", "video_bitrate_kbps_max"):
        lo, hi = float(rules["video_bitrate_kbps_min"]), float(rules["video_bitrate_kbps_max"])
        required = pgettext("courseware", "{min}–{max} kbps").format(min=_num(lo), max=_num(hi))
        if v is None:
            add(Row("video_bitrate", FAIL, "—", required, no_video))
        else:
            span = (sc.video_span if sc else None) or v.duration
            average = (sc.video_bytes * 8 / span / 1000) if sc and sc.video_bytes and span else (
                v.bit_rate / 1000 if v.bit_rate else None)
            if average is None:
                add(Row("video_bitrate", FAIL, pgettext("courseware", "unknown"), required,
                        _("The video bit rate could not be measured.")))
            else:
                ok = lo <= average <= hi
                msg = fine if ok else (_("The average video bit rate is too low; encode at {min} kbps or more.")
                                       if average < lo else
                                       _("The average video bit rate is too high; encode at {max} kbps or less."))
                add(Row("video_bitrate", _ok(ok), _kbps(average), required,
                        msg.format(min=_num(lo), max=_num(hi))))
            window = rules.get("bitrate_window_seconds")
            if window and sc is not None:
                windows = sc.windows_kbps or ([average] if average is not None else [])
                if windows:
                    top, bottom = max(windows), min(windows)
                    add(Row("video_bitrate_peak", _ok(top <= hi, WARN), _kbps(top),
                            pgettext("courseware", "at most {max} kbps in any {w} s").format(
                                max=_num(hi), w=_num(window)),
                            fine if top <= hi else _(
                                "The highest {w}-second stretch reaches {measured}; cap the encoder's maximum "
                                "rate at {max} kbps.").format(w=_num(window), measured=_kbps(top), max=_num(hi))))
                    add(Row("video_bitrate_low", _ok(bottom >= lo, WARN), _kbps(bottom),
                            pgettext("courseware", "at least {min} kbps in any {w} s").format(
                                min=_num(lo), w=_num(window)),
                            fine if bottom >= lo else _(
                                "The lowest {w}-second stretch drops to {measured}; set the encoder's minimum "
                                "rate to {min} kbps.").format(w=_num(window), measured=_kbps(bottom), min=_num(lo))))

    if _has(rules, "min_width", "min_height"):
        mw, mh = int(rules["min_width"]), int(rules["min_height"])
        required = pgettext("courseware", "at least {w}×{h}").format(w=mw, h=mh)
        if v is None:
            add(Row("resolution", FAIL, "—", required, no_video))
        else:
            ok = v.width >= mw and v.height >= mh
            add(Row("resolution", _ok(ok), f"{v.width}×{v.height}", required, fine if ok else _(
                "The picture is {measured}, smaller than {w}×{h}; export at {w}×{h} or larger.").format(
                    measured=f"{v.width}×{v.height}", w=mw, h=mh)))

    if _has(rules, "aspect_ratio"):
        want = str(rules["aspect_ratio"])
        if v is None:
            add(Row("aspect_ratio", FAIL, "—", want, no_video))
        else:
            label = aspect_label(v.width, v.height, v.sar)
            ratio = Fraction(v.width, v.height) * (v.sar or 1) if v.height else Fraction(0)
            ok = bool(ratio) and abs(float(ratio / parse_aspect(want)) - 1) <= _ASPECT_TOLERANCE
            add(Row("aspect_ratio", _ok(ok, WARN), label, want, fine if ok else _(
                "The picture is {measured}; {required} is recommended and every lecture of a course must "
                "match.").format(measured=label, required=want)))

    if _has(rules, "frame_rate"):
        want_rate = float(rules["frame_rate"])
        required = f"{_num(want_rate)} fps"
        if v is None:
            add(Row("frame_rate", FAIL, "—", required, no_video))
        else:
            add(_frame_rate_row(v, sc, want_rate, required, fine))

    if _has(rules, "scan"):
        want = str(rules["scan"])
        names = {"progressive": pgettext("courseware", "progressive"),
                 "interlaced": pgettext("courseware", "interlaced")}
        if v is None:
            add(Row("scan", FAIL, "—", names.get(want, want), no_video))
        else:
            kind = ("progressive" if v.field_order == "progressive"
                    else "unknown" if v.field_order == "unknown" else "interlaced")
            measured = names.get(kind, pgettext("courseware", "unknown"))
            if kind == "unknown":
                add(Row("scan", WARN, measured, names.get(want, want), _("The scan type could not be determined.")))
            else:
                ok = kind == want
                add(Row("scan", _ok(ok), measured, names.get(want, want), fine if ok else _(
                    "The video is interlaced; deinterlace it and export as progressive.")))

    add(_reported("subtitles", PASS,
            pgettext("courseware", "{n} subtitle track(s)").format(n=facts.subtitles) if facts.subtitles
            else pgettext("courseware", "none"),
            pgettext("courseware", "encouraged, not required"),
            fine if facts.subtitles else _("No subtitle track; subtitles are encouraged but not required.")))

    if _has(rules, "opening_max_seconds"):
        add(_reported("opening_titles", WARN, pgettext("courseware", "not measurable from the file"),
                pgettext("courseware", "at most {n} s").format(n=_num(rules["opening_max_seconds"])),
                _("The length of the opening titles cannot be measured from the file; the reviewer checks it "
                  "by watching (course name, lecture number, teacher, title and unit).")))

    if _has(rules, "audio_codec"):
        want = str(rules["audio_codec"]).lower()
        if a is None:
            add(Row("audio_codec", FAIL, pgettext("courseware", "no audio stream"), _codec_name(want), no_audio))
        else:
            ok = a.codec == want
            measured = _codec_name(a.codec) + (f" ({a.profile})" if a.profile else "")
            add(Row("audio_codec", _ok(ok), measured, _codec_name(want), fine if ok else _(
                "The audio is encoded as {measured}; re-encode it as {required}.").format(
                    measured=_codec_name(a.codec), required=_codec_name(want))))

    if _has(rules, "audio_sample_rate"):
        want_sr = int(rules["audio_sample_rate"])
        required = f"{want_sr} Hz"
        if a is None:
            add(Row("audio_sample_rate", FAIL, "—", required, no_audio))
        else:
            ok = a.sample_rate == want_sr
            add(Row("audio_sample_rate", _ok(ok), f"{a.sample_rate} Hz", required, fine if ok else _(
                "The audio sample rate is {measured}; resample it to {required}.").format(
                    measured=f"{a.sample_rate} Hz", required=required)))

    if _has(rules, "audio_bitrate_kbps"):
        want_kbps = float(rules["audio_bitrate_kbps"])
        tolerance = float(rules.get("audio_bitrate_tolerance_kbps") or 0)
        required = _kbps(want_kbps) + (f" ± {_num(tolerance)}" if tolerance else "")
        if a is None:
            add(Row("audio_bitrate", FAIL, "—", required, no_audio))
        else:
            kbps = a.bit_rate / 1000 if a.bit_rate else None
            if kbps is None and sc is not None and sc.audio_bytes and (sc.audio_end or a.duration):
                kbps = sc.audio_bytes * 8 / (sc.audio_end or a.duration or 1) / 1000
            if kbps is None:
                add(Row("audio_bitrate", WARN, pgettext("courseware", "unknown"), required,
                        _("The audio bit rate could not be measured.")))
            else:
                ok = abs(kbps - want_kbps) <= tolerance
                add(Row("audio_bitrate", _ok(ok), _kbps(kbps), required, fine if ok else _(
                    "The audio bit rate is {measured}; encode the audio at a constant {required}.").format(
                        measured=_kbps(kbps), required=_kbps(want_kbps))))

    if _has(rules, "audio_channels"):
        want_ch = int(rules["audio_channels"])
        if a is None:
            add(Row("audio_channels", FAIL, "—", str(want_ch), no_audio))
        else:
            ok = a.channels == want_ch
            add(Row("audio_channels", _ok(ok), str(a.channels), str(want_ch), fine if ok else _(
                "The audio has {measured} channel(s); mix it to {required} channels.").format(
                    measured=a.channels, required=want_ch)))

    _duration_rows(rows, facts, rules, role, fine)
    _level_rows(rows, facts, levels, rules, deep, fine, no_audio)

    if rules.get("faststart") and facts.boxes.faststart is False:
        add(Row("faststart", WARN, pgettext("courseware", "index at the end"),
                pgettext("courseware", "index at the start (faststart)"), _(
            "The MP4 index is at the end of the file, so playback in the browser starts only after a long "
            "wait; remux with faststart (the fix_courseware command does this).")))
    return rows


def _frame_rate_row(v: VideoFacts, sc: Scan | None, want_rate: float, required: str, fine: str) -> Row:
    average = float(v.average_rate) if v.average_rate else None
    variable = False
    if v.average_rate and v.base_rate and abs(float(v.base_rate) / float(v.average_rate) - 1) > _VFR_TOLERANCE:
        variable = True
    if sc is not None and sc.frame_duration_min and sc.frame_duration_max and \
            sc.frame_duration_max / sc.frame_duration_min - 1 > _VFR_TOLERANCE:
        variable = True
    if average is None:
        return Row("frame_rate", FAIL, pgettext("courseware", "unknown"), required,
                   _("The frame rate could not be determined."))
    measured = f"{_num(round(average, 2))} fps"
    if variable:
        variable_text = pgettext("courseware", "variable (average {measured})").format(measured=measured)
        return Row("frame_rate", FAIL, variable_text, required, _(
            "The frame rate is variable (as screen and phone recordings often are); convert it to a constant "
            "{required}.").format(required=required))
    ok = abs(average - want_rate) <= want_rate * _RATE_TOLERANCE
    return Row("frame_rate", _ok(ok), measured, required, fine if ok else _(
        "The frame rate is {measured}; convert it to {required}.").format(measured=measured, required=required))


def _duration_rows(rows: list[Row], facts: Facts, rules: dict, role: str, fine: str) -> None:
    duration = facts.duration or 0.0
    measured = _minutes_seconds(duration) if duration else pgettext("courseware", "unknown")
    if role == "preview":
        if not _has(rules, "preview_max_seconds"):
            return
        limit = float(rules["preview_max_seconds"])
        required = pgettext("courseware", "at most {max}").format(max=_minutes_seconds(limit))
        ok = 0 < duration <= limit
        rows.append(Row("duration", _ok(ok), measured, required, fine if ok else _(
            "The preview is {measured} long; cut it to {required}.").format(measured=measured, required=required)))
        return
    if not _has(rules, "lecture_minutes_min", "lecture_minutes_max"):
        return
    lo, hi = float(rules["lecture_minutes_min"]), float(rules["lecture_minutes_max"])
    required = pgettext("courseware", "{min}–{max} min").format(min=_num(lo), max=_num(hi))
    ok = 0 < duration and lo * 60 <= duration <= hi * 60
    if ok:
        message = fine
    elif duration and duration < lo * 60:
        message = _("The lecture is {measured} long, shorter than {min} min.").format(measured=measured, min=_num(lo))
    else:
        message = _("The lecture is {measured} long, longer than {max} min; split it or cut it.").format(
            measured=measured, max=_num(hi))
    rows.append(Row("duration", _ok(ok), measured, required, message))


def _level_rows(rows: list[Row], facts: Facts, levels: Levels | None, rules: dict, deep: bool, fine: str,
                no_audio: str) -> None:
    if _has(rules, "audio_peak_dbfs_min", "audio_peak_dbfs_max"):
        lo, hi = float(rules["audio_peak_dbfs_min"]), float(rules["audio_peak_dbfs_max"])
        required = pgettext("courseware", "{min} to {max} dBFS").format(min=_num(lo), max=_num(hi))
        if facts.audio is None:
            rows.append(Row("audio_peak", FAIL, "—", required, no_audio))
        elif not deep or levels is None:
            rows.append(_reported("audio_peak", WARN, pgettext("courseware", "not measured"), required,
                            _("The audio level is measured by the deep check, which decodes the sound.")))
        elif levels.peak_dbfs is None:
            rows.append(Row("audio_peak", FAIL, pgettext("courseware", "silent"), required,
                            _("The audio track is silent.")))
        else:
            peak = levels.peak_dbfs
            ok = lo <= peak <= hi
            if ok:
                message = fine
            elif peak > hi:
                message = _("The audio peaks at {measured}, too loud (risk of distortion); lower it to {max} dBFS "
                            "or below.")
            else:
                message = _("The audio peaks at {measured}, too quiet; raise it to at least {min} dBFS.")
            rows.append(Row("audio_peak", _ok(ok), f"{peak:.1f} dBFS", required,
                            message.format(measured=f"{peak:.1f} dBFS", min=_num(lo), max=_num(hi))))
    if _has(rules, "leading_silence_warn_seconds", "silence_threshold_dbfs") and facts.audio is not None:
        limit = float(rules["leading_silence_warn_seconds"])
        required = pgettext("courseware", "at most {n} s").format(n=_num(limit))
        if not deep or levels is None:
            rows.append(_reported("leading_silence", WARN, pgettext("courseware", "not measured"), required,
                            _("Silence at the start is measured by the deep check.")))
        else:
            silence = levels.leading_silence
            ok = silence <= limit
            rows.append(Row("leading_silence", _ok(ok, WARN), f"{silence:.1f} s", required, fine if ok else _(
                "The sound starts only after {measured} s of silence; trim the start.").format(
                    measured=f"{silence:.1f}")))
    if levels is not None and levels.error:
        rows.append(Row("audio_decode", WARN, pgettext("courseware", "decoding stopped"),
                        pgettext("courseware", "complete audio"),
                        _("The audio could not be decoded to the end; it may be damaged.")))
    if _has(rules, "audio_snr_db_min") and facts.audio is not None:
        rows.append(_reported("audio_snr", PASS, pgettext("courseware", "not measurable from the file"),
                        pgettext("courseware", "at least {n} dB").format(n=_num(rules["audio_snr_db_min"])),
                        _("The signal-to-noise ratio needs the recording's noise floor and is reported only; "
                          "the reviewer checks it by listening.")))


def _unreadable_report(path: Path, role: str, exc: Unreadable) -> FileReport:
    return FileReport(file=path.name, role=role, readable=False, rows=[
        Row("readable", FAIL, exc.measured or pgettext("courseware", "unreadable"),
            pgettext("courseware", "a readable MP4 video"), exc.message)])


def check_file(path: str | Path, rules: dict, *, role: str = "lecture", deep: bool = False,
               progress: Progress | None = None) -> FileReport:
    """Checks one video against the spec profile's `rules`.

    role: "lecture" (duration within the lecture range) or "preview" (at most the preview limit).
    deep: also decode the audio for its peak level and leading silence. `progress`, if given, is
    called with the share done (0..1). Never raises for a bad file: see `FileReport.readable`.
    """
    path = Path(path)
    try:
        container, boxes, size = _open(path)
    except Unreadable as exc:
        return _unreadable_report(path, role, exc)
    try:
        try:
            facts = _probe_container(container, boxes, size)
            _fill_unknown_scan(container, facts)
            if facts.video is None and facts.audio is None:
                raise Unreadable("no_streams", _("The file contains neither video nor audio."),
                                 pgettext("courseware", "no streams"))
            if progress is not None:
                progress(0.02)
            window = float(rules.get("bitrate_window_seconds") or 0) or (facts.duration or 1.0)
            scan_share = (0.02, 0.6 if deep else 1.0)
            sc = _scan_container(container, facts, window, progress, scan_share)
        finally:
            container.close()
        levels = None
        if deep and facts.audio is not None:
            levels = measure_audio(path, rules.get("silence_threshold_dbfs"), progress, (0.6, 1.0), facts.duration)
        report = FileReport(file=path.name, role=role, rows=_judge(facts, sc, levels, rules, role, deep),
                            duration=facts.duration)
        if facts.video is not None:
            report.width, report.height = facts.video.width, facts.video.height
            report.aspect = aspect_label(facts.video.width, facts.video.height, facts.video.sar)
        if progress is not None:
            progress(1.0)
        return report
    except Unreadable as exc:
        return _unreadable_report(path, role, exc)
    except Exception:
        # A file that trips PyAV in a way not foreseen is still a bad file, not a crash.
        logger.exception("courseware check failed on %s", path.name)
        return _unreadable_report(path, role, Unreadable("damaged", _(
            "The file is damaged and cannot be read. Export it again."), pgettext("courseware", "damaged")))


def check_course(reports: list[FileReport], rules: dict, *, category: str, hours: int) -> CourseReport:
    """Course-level rules over the files' reports: hours class, lecture count, one resolution and
    aspect ratio for all lectures, exactly one preview within its limit.

    category: "PUBLIC" or "PROFESSIONAL"; hours: the course's hours class.
    """
    rows: list[Row] = []
    fine = _("Meets the requirement.")
    lectures = [r for r in reports if r.role == "lecture"]
    previews = [r for r in reports if r.role == "preview"]
    public = category.upper() == "PUBLIC"

    if public and _has(rules, "public_course_hours"):
        want = int(rules["public_course_hours"])
        ok = hours == want
        rows.append(Row("course_hours", _ok(ok), pgettext("courseware", "{n} h").format(n=hours),
                        pgettext("courseware", "{n} h").format(n=want),
                        fine if ok else _("A public course has {n} hours.").format(n=want)))
    elif not public and _has(rules, "professional_hours_classes"):
        classes = [int(h) for h in rules["professional_hours_classes"]]
        ok = hours in classes
        required = " / ".join(str(h) for h in classes) + " " + pgettext("courseware", "h")
        measured_hours = pgettext("courseware", "{n} h").format(n=hours)
        rows.append(Row("course_hours", _ok(ok), measured_hours, required, fine if ok else _(
            "A professional course has one of these hours classes: {classes}.").format(classes=required)))

    expected: int | None = None
    if public and _has(rules, "public_course_lectures"):
        expected = int(rules["public_course_lectures"])
    elif _has(rules, "hours_per_lecture") and float(rules["hours_per_lecture"]) > 0:
        expected = int(round(hours / float(rules["hours_per_lecture"])))
    if expected is not None:
        ok = len(lectures) == expected
        rows.append(Row("lecture_count", _ok(ok), str(len(lectures)), str(expected), fine if ok else _(
            "The course has {measured} lecture video(s); a course of {hours} hours needs {required}.").format(
                measured=len(lectures), hours=hours, required=expected)))

    sized = [r for r in lectures if r.width and r.height]
    sizes = sorted({f"{r.width}×{r.height}" for r in sized})
    if sized:
        ok = len(sizes) == 1
        rows.append(Row("same_resolution", _ok(ok), " / ".join(sizes),
                        pgettext("courseware", "one resolution for all lectures"),
                        fine if ok else _("The lectures differ in resolution ({measured}); export them all alike.")
                        .format(measured=", ".join(sizes))))
        aspects = sorted({r.aspect or "—" for r in sized})
        ok = len(aspects) == 1
        rows.append(Row("same_aspect_ratio", _ok(ok), " / ".join(aspects),
                        pgettext("courseware", "one aspect ratio for all lectures"),
                        fine if ok else _("The lectures differ in aspect ratio ({measured}); export them all "
                                          "alike.").format(measured=", ".join(aspects))))

    limit = rules.get("preview_max_seconds")
    required = pgettext("courseware", "one preview")
    if limit is not None:
        required = pgettext("courseware", "one preview of at most {max}").format(max=_minutes_seconds(float(limit)))
    if not previews:
        rows.append(Row("preview", FAIL, pgettext("courseware", "none"), required,
                        _("The course has no preview video (a file named preview.mp4).")))
    elif len(previews) > 1:
        rows.append(Row("preview", FAIL, str(len(previews)), required, _("A course has exactly one preview video.")))
    else:
        duration = previews[0].duration
        ok = duration is not None and (limit is None or duration <= float(limit))
        measured = _minutes_seconds(duration) if duration is not None else pgettext("courseware", "unknown")
        rows.append(Row("preview", _ok(ok), measured, required, fine if ok else _(
            "The preview is {measured} long; cut it to {required}.").format(measured=measured, required=required)))
    return CourseReport(files=list(reports), course_rows=rows)
