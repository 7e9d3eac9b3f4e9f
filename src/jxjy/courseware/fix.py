"""Transcodes a video to the spec profile: what `jxjy fix_courseware` runs. Pure core, no Django.

Targets come from the same `rules` dict the check reads: H.264 at the middle of the bit-rate band
with the encoder held to the band (constant rate with filler, so every window stays inside),
the spec's frame rate, progressive (deinterlaced when the source is interlaced), at least the
minimum size in the spec's aspect ratio (scaled to fit and padded, never stretched), AAC at the
spec's sample rate, bit rate and channel count, the audio peak moved into the middle of the allowed
band, and the MP4 index at the front (faststart) so browsers start playing at once.

What cannot be fixed (no video, no audio, unreadable input) raises `FixError` with a message for
people; the output file only appears when the whole transcode succeeded.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av

from .spec import Unreadable, _, _open, _probe_container, measure_audio, parse_aspect

Progress = Callable[[float], None]


class FixError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Target:
    width: int
    height: int
    fps: Fraction
    video_kbps: int
    video_min_kbps: int
    video_max_kbps: int
    sample_rate: int
    audio_kbps: int
    channels: int
    gain_db: float | None


def _even(value: float | Fraction) -> int:
    return max(2, int(round(value / 2)) * 2)


def target_size(width: int, height: int, sar: Fraction, rules: dict) -> tuple[int, int]:
    """The output frame: the source's size when it already has the spec's aspect and minimum size,
    otherwise the minimum size (a larger odd-shaped source is fitted into it and padded)."""
    aspect = parse_aspect(str(rules.get("aspect_ratio") or f"{width}:{height}"))
    min_w, min_h = int(rules.get("min_width") or 0), int(rules.get("min_height") or 0)
    display_w = width * (sar or 1)
    if height and abs(float(Fraction(display_w) / height / aspect) - 1) <= 0.01 and width >= min_w \
            and height >= min_h:
        return _even(width), _even(height)
    box_h = max(min_h, _even(min_w / aspect) if min_w else min_h)
    box_w = max(min_w, _even(box_h * aspect))
    return _even(box_w), _even(box_h)


def plan_target(path: Path, rules: dict, *, normalise_audio: bool = True) -> tuple[Target, float | None]:
    for key, value in (("video_codec", "h264"), ("audio_codec", "aac"), ("container", "mp4")):
        if str(rules.get(key, value)).lower() != value:
            raise FixError("unsupported_target", _("The fixer produces H.264 and AAC in MP4 only."))
    try:
        container, boxes, size = _open(path)
    except Unreadable as exc:
        raise FixError(exc.code, exc.message) from None
    try:
        facts = _probe_container(container, boxes, size)
    finally:
        container.close()
    if facts.video is None:
        raise FixError("no_video", _("The file has no video stream; there is nothing to fix."))
    if facts.audio is None:
        raise FixError("no_audio", _("The file has no audio stream; record or add the sound first."))
    width, height = target_size(facts.video.width, facts.video.height, facts.video.sar, rules)
    lo, hi = int(rules["video_bitrate_kbps_min"]), int(rules["video_bitrate_kbps_max"])
    gain = None
    channels, sample_rate = int(rules["audio_channels"]), int(rules["audio_sample_rate"])
    band = (rules.get("audio_peak_dbfs_min"), rules.get("audio_peak_dbfs_max"))
    if normalise_audio and None not in band:
        levels = measure_audio(path, None, convert=(sample_rate, _layout(channels)))
        if levels.peak_dbfs is not None and math.isfinite(levels.peak_dbfs):
            middle = (float(band[0] or 0) + float(band[1] or 0)) / 2
            gain = middle - levels.peak_dbfs
    target = Target(
        width=width, height=height, fps=Fraction(str(rules["frame_rate"])).limit_denominator(1001),
        video_kbps=(lo + hi) // 2, video_min_kbps=lo, video_max_kbps=hi,
        sample_rate=sample_rate, audio_kbps=int(rules["audio_bitrate_kbps"]), channels=channels, gain_db=gain)
    return target, facts.duration


def _layout(channels: int) -> str:
    return {1: "mono", 2: "stereo"}.get(channels, f"{channels}c")


def _pull_all(graph: av.filter.Graph) -> list:
    frames = []
    while True:
        try:
            frames.append(graph.pull())
        except (av.BlockingIOError, av.EOFError):
            return frames


def fix_file(source: str | Path, dest: str | Path, rules: dict, *, preset: str = "veryfast",
             progress: Progress | None = None) -> Target:
    """Transcodes `source` into a spec-compliant MP4 at `dest`; returns what it aimed for."""
    source, dest = Path(source), Path(dest)
    target, duration = plan_target(source, rules)
    partial = dest.with_name(dest.name + ".partial")
    try:
        _transcode(source, partial, target, preset, duration, progress)
        os.replace(partial, dest)
    except av.FFmpegError as exc:
        message = _("The video could not be converted: {reason}").format(reason=exc)
        raise FixError("transcode_failed", message) from None
    finally:
        partial.unlink(missing_ok=True)
    return target


def _transcode(source: Path, dest: Path, t: Target, preset: str, duration: float | None,
               progress: Progress | None) -> None:
    # Typed loosely: PyAV's stubs do not narrow streams and frames by their type.
    src: Any = av.open(str(source), metadata_errors="ignore")
    out: Any = av.open(str(dest), "w", format="mp4", options={"movflags": "+faststart"})
    try:
        vin = next(s for s in src.streams if s.type == "video")
        ain = next(s for s in src.streams if s.type == "audio")
        vin.thread_type = "AUTO"

        vout = out.add_stream("libx264", rate=t.fps)
        vout.width, vout.height, vout.pix_fmt = t.width, t.height, "yuv420p"
        vout.bit_rate = t.video_kbps * 1000
        vout.codec_context.time_base = 1 / t.fps
        vout.codec_context.options = {
            "preset": preset, "profile": "high",
            # Constant rate with filler data: the average and every window land in the band.
            "x264-params": "nal-hrd=cbr:force-cfr=1",
            "maxrate": str(t.video_kbps * 1000), "minrate": str(t.video_kbps * 1000),
            "bufsize": str(t.video_kbps * 1000),
            "g": str(int(t.fps * 4)),
        }
        layout = _layout(t.channels)
        aout = out.add_stream("aac", rate=t.sample_rate, layout=layout)
        aout.bit_rate = t.audio_kbps * 1000

        vgraph = av.filter.Graph()
        chain = [vgraph.add_buffer(template=vin)]
        steps = [
            ("yadif", "mode=send_frame:parity=auto:deint=interlaced"),
            ("fps", f"fps={t.fps}"),
            ("scale", f"w={t.width}:h={t.height}:force_original_aspect_ratio=decrease"),
            ("pad", f"w={t.width}:h={t.height}:x=(ow-iw)/2:y=(oh-ih)/2:color=black"),
            ("setsar", "1"),
            ("format", "yuv420p"),
        ]
        for name, args in steps:
            chain.append(vgraph.add(name, args))
        chain.append(vgraph.add("buffersink"))
        for a, b in zip(chain, chain[1:], strict=False):
            a.link_to(b)
        vgraph.configure()

        agraph = av.filter.Graph()
        achain = [agraph.add_abuffer(template=ain)]
        achain.append(agraph.add("aresample", str(t.sample_rate)))
        achain.append(agraph.add("aformat",
                                 f"sample_fmts=fltp:sample_rates={t.sample_rate}:channel_layouts={layout}"))
        if t.gain_db is not None:
            achain.append(agraph.add("volume", f"volume={t.gain_db:.2f}dB"))
        achain.append(agraph.add("abuffersink"))
        for a, b in zip(achain, achain[1:], strict=False):
            a.link_to(b)
        agraph.configure()

        vpts = 0
        last_report = -1.0

        def encode_video(frames: list) -> None:
            nonlocal vpts
            for frame in frames:
                frame.pts = vpts
                frame.time_base = vout.codec_context.time_base
                vpts += 1
                for packet in vout.encode(frame):
                    out.mux(packet)

        def encode_audio(frames: list) -> None:
            for frame in frames:
                for packet in aout.encode(frame):
                    out.mux(packet)

        for packet in src.demux(vin, ain):
            for frame in packet.decode():
                if packet.stream is vin:
                    vgraph.push(frame)
                    encode_video(_pull_all(vgraph))
                else:
                    agraph.push(frame)
                    encode_audio(_pull_all(agraph))
            if progress is not None and duration and packet.stream is vin:
                done = min(1.0, vpts / float(t.fps) / duration)
                if done - last_report >= 0.01:
                    last_report = done
                    progress(done)
        vgraph.push(None)
        encode_video(_pull_all(vgraph))
        agraph.push(None)
        encode_audio(_pull_all(agraph))
        for packet in vout.encode():
            out.mux(packet)
        for packet in aout.encode():
            out.mux(packet)
    finally:
        out.close()
        src.close()
    if progress is not None:
        progress(1.0)
