"""Small generated videos for tests and demo data: compliant ones and one per broken rule.

Everything is made with PyAV in a fraction of a second (a few seconds of a moving gradient and a
sine tone), so no video is ever checked in. The numbers here describe *what to make*, not what the
spec requires: the spec lives in the plan's spec profile.

`make_long_video` builds hour-long files for the benchmark by encoding one short segment and
repeating its packets, which takes seconds instead of an hour-long encode.
"""

from __future__ import annotations

import array
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

_ENCODERS = {"h264": "libx264", "hevc": "libx265", "mpeg4": "mpeg4", "mpeg2": "mpeg2video"}
_FORMATS = {"mp4": "mp4", "mov": "mov", "mkv": "matroska", "matroska": "matroska"}
# One AAC frame is 1024 samples; the audio is generated one second at a time.
_AAC_FRAME = 1024


def _luma_rows(width: int) -> bytes:
    # A ramp twice as wide as the frame: slicing it at an offset gives a moving gradient cheaply.
    return bytes((x * 255 // max(width - 1, 1)) % 256 for x in range(width)) * 2


def _video_frames(width: int, height: int, count: int, pix_fmt: str = "yuv420p"):
    ramp = _luma_rows(width)
    chroma_cache: dict[int, bytes] = {}
    for i in range(count):
        frame = av.VideoFrame(width, height, pix_fmt)
        offset = (i * 8) % width
        row = ramp[offset:offset + width]
        luma = frame.planes[0]
        if luma.line_size == width:
            luma.update(row * height)
        else:
            luma.update((row + bytes(luma.line_size - width)) * height)
        for plane in frame.planes[1:]:
            size = plane.buffer_size
            if size not in chroma_cache:
                chroma_cache[size] = bytes([128]) * size
            plane.update(chroma_cache[size])
        yield i, frame


def _tone_second(rate: int, amplitude: float) -> bytes:
    # 440 Hz completes a whole number of periods in one second at any integer rate, so seconds
    # can be repeated without a click.
    return array.array("f", (amplitude * math.sin(2 * math.pi * 440 * k / rate) for k in range(rate))).tobytes()


def _audio_samples(seconds: float, rate: int, amplitude: float, silence: float):
    """Yields float32 sample chunks of at most one AAC frame: silence first, then the tone."""
    total = int(round(seconds * rate))
    silent = min(total, int(round(silence * rate)))
    second = _tone_second(rate, amplitude)
    pos = 0
    while pos < total:
        n = min(_AAC_FRAME, total - pos)
        quiet = max(0, min(n, silent - pos))
        chunk = bytes(4 * quiet) + _slice_tone(second, rate, pos + quiet, n - quiet)
        yield pos, n, chunk
        pos += n


def _slice_tone(second: bytes, rate: int, pos: int, n: int) -> bytes:
    start = pos % rate
    end = start + n
    if end <= rate:
        return second[4 * start:4 * end]
    return second[4 * start:] + second[:4 * (end - rate)]


def make_video(path: str | Path, *, seconds: float, width: int = 1280, height: int = 720, fps: int = 25,
               video_kbps: int = 900, codec: str = "h264", container: str = "mp4", audio: bool = True,
               audio_rate: int = 48000, audio_kbps: int = 128, channels: int = 2, interlaced: bool = False,
               peak_dbfs: float = -4.0, video: bool = True, vfr: bool = False, faststart: bool = True,
               leading_silence: float = 0.0, audio_codec: str = "aac") -> Path:
    """Writes a short test video and returns its path.

    codec: "h264" | "hevc" | "mpeg4" | "mpeg2"; container: "mp4" | "mov" | "mkv" (the file name's
    suffix is left as given, so a Matroska file may be called .mp4). `vfr` alternates frame
    durations around the nominal rate; `interlaced` encodes top-field-first; `peak_dbfs` is the
    tone's level; `leading_silence` seconds of silence precede it. H.264 is constant bit rate
    (filler data), so `video_kbps` is met even by the simple picture.
    """
    path = Path(path)
    fmt = _FORMATS[container]
    options = {"movflags": "+faststart"} if faststart and fmt in ("mp4", "mov") else {}
    out = av.open(str(path), "w", format=fmt, options=options)
    try:
        # Every stream must exist before the first packet is written.
        vstream = _add_video(out, width=width, height=height, fps=fps, kbps=video_kbps, codec=codec,
                             interlaced=interlaced, vfr=vfr) if video else None
        astream = _add_audio(out, rate=audio_rate, kbps=audio_kbps, channels=channels,
                             codec=audio_codec) if audio else None
        if vstream is not None:
            _encode_video(out, vstream, seconds=seconds, fps=fps, vfr=vfr)
        if astream is not None:
            _encode_audio(out, astream, seconds=seconds, peak_dbfs=peak_dbfs, silence=leading_silence)
    finally:
        out.close()
    return path


def _add_video(out, *, width: int, height: int, fps: int, kbps: int, codec: str, interlaced: bool, vfr: bool):
    stream = out.add_stream(_ENCODERS[codec], rate=fps)
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    stream.bit_rate = kbps * 1000
    ctx = stream.codec_context
    if vfr:
        # Two ticks per nominal frame, so frames can last one or three ticks and average the rate.
        ctx.time_base = Fraction(1, fps * 2)
    if codec == "h264":
        params = "nal-hrd=cbr"
        if interlaced:
            params += ":interlaced=1:tff=1"
        rate = str(kbps * 1000)
        ctx.options = {"preset": "ultrafast", "x264-params": params, "maxrate": rate, "minrate": rate,
                       "bufsize": rate}
    elif codec == "hevc":
        ctx.options = {"preset": "ultrafast", "x265-params": "log-level=none"}
    return stream


def _encode_video(out, stream, *, seconds: float, fps: int, vfr: bool) -> None:
    ctx = stream.codec_context
    count = max(1, int(round(seconds * fps)))
    pts = 0
    for i, frame in _video_frames(stream.width, stream.height, count):
        frame.pts = pts
        if vfr:
            frame.time_base = ctx.time_base
            pts += 1 if i % 2 == 0 else 3
        else:
            pts += 1
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def _add_audio(out, *, rate: int, kbps: int, channels: int, codec: str):
    layout = {1: "mono", 2: "stereo"}.get(channels, f"{channels}c")
    stream = out.add_stream(codec, rate=rate, layout=layout)
    stream.bit_rate = kbps * 1000
    return stream


def _encode_audio(out, stream, *, seconds: float, peak_dbfs: float, silence: float) -> None:
    rate = stream.codec_context.sample_rate
    layout = stream.codec_context.layout.name
    sample_fmt = stream.codec_context.format.name
    amplitude = 10 ** (peak_dbfs / 20)
    resampler = av.AudioResampler(format=sample_fmt, layout=layout, rate=rate) if sample_fmt != "fltp" else None
    for pos, n, chunk in _audio_samples(seconds, rate, amplitude, silence):
        frame = av.AudioFrame(format="fltp", layout=layout, samples=n)
        frame.sample_rate = rate
        for plane in frame.planes:
            plane.update(chunk + bytes(plane.buffer_size - len(chunk)))
        frame.pts = pos
        frame.time_base = Fraction(1, rate)
        for f in resampler.resample(frame) if resampler else [frame]:
            for packet in stream.encode(f):
                out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)


def make_text_file(path: str | Path, text: str = "这不是视频，只是改了扩展名的文本。\n" * 20) -> Path:
    path = Path(path)
    path.write_text(text, encoding="utf-8")
    return path


def truncate(path: str | Path, keep: float = 0.5) -> Path:
    """Cuts a file to a share of its size, as an interrupted upload or recording leaves it."""
    path = Path(path)
    data = path.read_bytes()
    path.write_bytes(data[:max(1, int(len(data) * keep))])
    return path


def concat_videos(paths: list[str | Path], dest: str | Path) -> Path:
    """Joins files made alike (same streams and sizes) by remuxing their packets one after another;
    used to build a file whose bit rate changes partway."""
    dest = Path(dest)
    # PyAV's stubs leave timestamps optional; these files are our own, so they are all set.
    sources: list[Any] = [av.open(str(p)) for p in paths]
    try:
        out: Any = av.open(str(dest), "w", format="mp4", options={"movflags": "+faststart"})
        try:
            first = sources[0]
            out_streams = {s.index: out.add_stream_from_template(s) for s in first.streams}
            offsets = {s.index: 0 for s in first.streams}
            for src in sources:
                ends = dict(offsets)
                for packet in src.demux():
                    if packet.dts is None or packet.size == 0:
                        continue
                    index = packet.stream.index
                    if packet.stream.type == "audio" and (packet.pts or 0) < 0 and src is not first:
                        continue
                    shift = offsets[index]
                    packet.pts += shift
                    packet.dts += shift
                    ends[index] = max(ends[index], packet.pts + (packet.duration or 0))
                    packet.stream = out_streams[index]
                    out.mux(packet)
                # Every stream starts the next file where the longest ran out, keeping them in step.
                latest = max(ends[i] * first.streams[i].time_base for i in ends)
                offsets = {i: int(latest / first.streams[i].time_base) for i in ends}
        finally:
            out.close()
    finally:
        for src in sources:
            src.close()
    return dest


def make_long_video(path: str | Path, *, minutes: float, width: int = 1280, height: int = 720, fps: int = 25,
                    video_kbps: int = 900, segment_frames: int = 256) -> Path:
    """An hour-long lecture in seconds: one segment encoded, its packets repeated with shifted times.

    The default segment (256 frames at 25 fps = 10.24 s) holds a whole number of AAC frames at
    48 kHz as well, so the repeated audio stays continuous.
    """
    path = Path(path)
    segment = path.with_suffix(".segment.mp4")
    make_video(segment, seconds=segment_frames / fps, width=width, height=height, fps=fps, video_kbps=video_kbps,
               faststart=False)
    src: Any = av.open(str(segment))
    packets: dict[int, list[tuple[bytes, int, int, int, bool]]] = {}
    try:
        for packet in src.demux():
            if packet.dts is None or packet.size == 0:
                continue
            if packet.stream.type == "audio" and (packet.pts or 0) < 0:
                continue  # the encoder's priming packet: only the first repetition needs it
            packets.setdefault(packet.stream.index, []).append(
                (bytes(packet), packet.pts, packet.dts, packet.duration or 0, packet.is_keyframe))
        in_streams = {s.index: s for s in src.streams}
        out: Any = av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"})
        try:
            out_streams = {i: out.add_stream_from_template(in_streams[i]) for i in packets}
            spans = {i: _span(items) for i, items in packets.items()}
            seconds = spans[in_streams[next(iter(packets))].index] * in_streams[next(iter(packets))].time_base
            repeats = max(1, math.ceil(minutes * 60 / float(seconds)))
            for k in range(repeats):
                # Interleave by time: a segment's video then its audio is close enough for a
                # muxer that buffers, and keeps this loop simple.
                for i, items in packets.items():
                    shift = spans[i] * k
                    for data, pts, dts, duration, key in items:
                        p = av.Packet(data)
                        p.pts, p.dts, p.duration = pts + shift, dts + shift, duration
                        p.time_base = in_streams[i].time_base
                        p.is_keyframe = key
                        p.stream = out_streams[i]
                        out.mux(p)
        finally:
            out.close()
    finally:
        src.close()
        segment.unlink(missing_ok=True)
    return path


def _span(items: list[tuple[bytes, int, int, int, bool]]) -> int:
    first = min(pts for _, pts, _, _, _ in items)
    last = max(pts + duration for _, pts, _, duration, _ in items)
    return last - first
