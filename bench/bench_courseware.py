"""Speed of the courseware spec check against bare PyAV on the same file (issue 3, §3).

    .venv/bin/python bench/bench_courseware.py [--quick] [--deep] [--repeat N]

Generates (once, cached in /tmp/jxjy-bench) a 60-minute 1280×720 lecture at about 900 kbps, and a
30-minute one, by encoding a 10-second segment and repeating its packets. Then measures, in the
same run:

* header check (`spec.probe`: open, stream facts, MP4 box walk) vs a bare `av.open` + reading the
  streams' codec and size — target at most 1.5×;
* the full check without decoding (`spec.check_file`: header, packet scan with 10-s windows, all
  rows) vs a bare PyAV demux loop over every packet — target at most 2×;
* peak memory (highest RSS of a fresh process while it checks, read from /proc after resetting
  the high-water mark past the imports) on both sizes — target under 200 MB and flat in file size.

`--quick` uses 10- and 5-minute files. Times are the best of `--repeat` runs (the file is in the
page cache for both sides alike).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import av

from jxjy.courseware import spec
from jxjy.courseware.testvideos import make_long_video

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "src" / "jxjy" / "plans" / "data" / "plan_2020.json"
CACHE = Path("/tmp/jxjy-bench")


def lecture(minutes: int) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"lecture-{minutes}min-1280x720-900k.mp4"
    if not path.exists():
        started = time.perf_counter()
        make_long_video(path.with_suffix(".tmp.mp4"), minutes=minutes)
        path.with_suffix(".tmp.mp4").rename(path)
        print(f"  generated {path.name} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s")
    return path


def best(fn, repeat: int) -> float:
    return race({"fn": fn}, repeat)["fn"]


def race(fns: dict, repeat: int) -> dict[str, float]:
    """Best time of each, taking turns, so load from elsewhere on the machine hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            started = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - started)
    return {name: min(values) for name, values in times.items()}


def bare_open(path: Path) -> None:
    container = av.open(str(path))
    for stream in container.streams:
        (stream.type, stream.codec_context.name, getattr(stream.codec_context, "width", None))
    container.close()


def bare_demux(path: Path) -> None:
    container = av.open(str(path))
    for _packet in container.demux():
        pass
    container.close()


def bare_demux_video(path: Path) -> None:
    container = av.open(str(path))
    for _packet in container.demux(container.streams.video[0]):
        pass
    container.close()


MEMORY_CHILD = """
import json, sys
from pathlib import Path
import av
from jxjy.courseware import spec

def status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024

mode, path, rules = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
before = status("VmRSS")
try:
    # Resets the high-water mark, so the peak below is the check's, not the imports'.
    Path("/proc/self/clear_refs").write_text("5")
except OSError:
    pass
if mode == "check":
    spec.check_file(path, rules)
elif mode == "deep":
    spec.check_file(path, rules, deep=True)
elif mode == "bare":
    container = av.open(path)
    for _packet in container.demux():
        pass
    container.close()
print(json.dumps({"before": before, "peak": status("VmHWM")}))
"""


def peak_rss_mb(mode: str, path: Path, rules: dict) -> dict:
    """{"before": RSS after the imports, "peak": highest RSS during the check} in MB."""
    out = subprocess.run([sys.executable, "-c", MEMORY_CHILD, mode, str(path), json.dumps(rules)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10- and 5-minute files instead of 60 and 30")
    parser.add_argument("--deep", action="store_true", help="also time the deep check (audio decode)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rules = json.loads(PLAN.read_text(encoding="utf-8"))["spec_profile"]["rules"]
    big_minutes, small_minutes = (10, 5) if args.quick else (60, 30)

    print(f"courseware check benchmark ({big_minutes}-min and {small_minutes}-min lectures)")
    big, small = lecture(big_minutes), lecture(small_minutes)
    report = spec.check_file(big, rules)
    print(f"  {big.name}: duration {report.duration / 60:.1f} min, verdict {report.verdict}, "
          f"average {report.row('video_bitrate').measured}")
    # Warm the page cache and the libraries once for both sides.
    bare_demux(big)

    repeat = args.repeat * (3 if args.quick else 1)
    header = race({"open": lambda: bare_open(big), "probe": lambda: spec.probe(big)}, repeat * 4)
    t_open, t_probe = header["open"], header["probe"]
    scans = race({"demux": lambda: bare_demux(big), "demux_video": lambda: bare_demux_video(big),
                  "scan": lambda: spec.scan(big, float(rules["bitrate_window_seconds"])),
                  "check": lambda: spec.check_file(big, rules)}, repeat)
    t_demux, t_demux_video, t_scan, t_check = scans["demux"], scans["demux_video"], scans["scan"], scans["check"]

    print("\nheader check vs bare PyAV open + streams (target ≤ 1.5×)")
    print(f"  bare open   {t_open * 1000:8.1f} ms")
    print(f"  spec.probe  {t_probe * 1000:8.1f} ms   ratio {t_probe / t_open:.2f}×")
    print("\nbit-rate scan vs bare PyAV demux loop over every packet (target ≤ 2×)")
    print(f"  bare demux (all packets)    {t_demux * 1000:8.1f} ms")
    print(f"  spec.scan (packet scan)     {t_scan * 1000:8.1f} ms   ratio {t_scan / t_demux:.2f}×")
    print(f"  spec.check_file (full)      {t_check * 1000:8.1f} ms   ratio {t_check / t_demux:.2f}×")
    print(f"  stricter baseline: bare demux of the video stream only {t_demux_video * 1000:.1f} ms; "
          f"full check {t_check / t_demux_video:.2f}× that")

    if args.deep:
        t_deep = best(lambda: spec.check_file(big, rules, deep=True), 1)
        print(f"\ndeep check (adds one audio decode): {t_deep:.1f} s for {big_minutes} min")

    print("\npeak memory of a fresh process (target < 200 MB, flat in file size)")
    print("  (RSS after importing PyAV and the check; then the highest RSS while checking)")
    # "bare" is the baseline: PyAV's demux loop alone holds the container's sample index in memory.
    modes = ["bare", "check"] + (["deep"] if args.deep else [])
    for mode in modes:
        for path, minutes in ((small, small_minutes), (big, big_minutes)):
            size = path.stat().st_size / 1e6
            mem = peak_rss_mb(mode, path, rules)
            print(f"  {mode:5s}, {minutes:3d} min ({size:4.0f} MB file)   after imports {mem['before']:6.1f} MB   "
                  f"peak {mem['peak']:6.1f} MB   (+{mem['peak'] - mem['before']:.1f} MB)")

if __name__ == "__main__":
    main()
