"""Every bad file of the issue's list: a Chinese message and a fail, never a traceback."""

import shutil

import pytest

from jxjy.courseware.spec import check_file
from jxjy.courseware.testvideos import make_text_file, make_video, truncate

from .conftest import has_chinese


def _failing(report):
    return {r.rule for r in report.rows if r.status == "fail"}


def test_an_empty_file_cannot_be_read(tmp_path, short_rules):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    report = check_file(path, short_rules)
    assert not report.readable and report.verdict == "fail"
    assert "为空" in report.rows[0].message


def test_a_text_file_renamed_mp4_cannot_be_read(tmp_path, short_rules):
    report = check_file(make_text_file(tmp_path / "lecture.mp4"), short_rules)
    assert not report.readable and report.verdict == "fail"
    assert "文本" in report.rows[0].message


def test_a_truncated_mp4_without_its_moov_cannot_be_read(tmp_path, short_rules):
    path = make_video(tmp_path / "cut.mp4", seconds=2, faststart=False)
    truncate(path, 0.6)
    report = check_file(path, short_rules)
    assert not report.readable and report.verdict == "fail"
    assert "moov" in report.rows[0].message and has_chinese(report.rows[0].message)


def test_a_faststart_mp4_cut_short_is_readable_but_fails_completeness(tmp_path, video, short_rules):
    path = tmp_path / "cut.mp4"
    shutil.copy(video(), path)
    truncate(path, 0.5)
    report = check_file(path, short_rules)
    assert report.readable
    assert "integrity" in _failing(report)


def test_random_bytes_cannot_be_read(tmp_path, short_rules):
    path = tmp_path / "noise.mp4"
    path.write_bytes(bytes(range(256)) * 64)
    report = check_file(path, short_rules)
    assert not report.readable and has_chinese(report.rows[0].message)


def test_a_missing_file_cannot_be_read(tmp_path, short_rules):
    report = check_file(tmp_path / "nothing.mp4", short_rules)
    assert not report.readable and report.verdict == "fail"


@pytest.mark.parametrize(("kwargs", "rule", "words"), [
    ({"video": False}, "video_codec", "没有视频"),
    ({"audio": False}, "audio_codec", "没有音轨"),
    # The wheel of PyAV ships libx265, so this is a real HEVC stream.
    ({"codec": "hevc"}, "video_codec", "H.265"),
    ({"codec": "mpeg4"}, "video_codec", "MPEG-4"),
    ({"container": "mkv"}, "container", "MKV"),
    ({"interlaced": True}, "scan", "隔行"),
    ({"vfr": True}, "frame_rate", "帧率不固定"),
    ({"fps": 30}, "frame_rate", "30 fps"),
    ({"width": 960, "height": 540}, "resolution", "960×540"),
    ({"video_kbps": 500}, "video_bitrate", "过低"),
    ({"video_kbps": 1500}, "video_bitrate", "过高"),
    ({"channels": 1}, "audio_channels", "声道"),
    ({"audio_rate": 44100}, "audio_sample_rate", "44100"),
    ({"audio_kbps": 64}, "audio_bitrate", "音频码率为 6"),
    ({"audio_codec": "mp3"}, "audio_codec", "MP3"),
])
def test_a_file_breaking_one_rule_fails_that_rule_in_chinese(video, short_rules, kwargs, rule, words):
    report = check_file(video(**kwargs), short_rules)
    assert report.readable
    assert report.verdict == "fail"
    row = report.row(rule)
    assert row.status == "fail", row
    assert words in row.message or words in row.measured
    assert has_chinese(row.message)


def test_a_readable_file_breaking_nothing_else_fails_only_its_rule(video, short_rules):
    assert _failing(check_file(video(interlaced=True), short_rules)) == {"scan"}
    assert _failing(check_file(video(container="mkv"), short_rules)) == {"container"}
    assert _failing(check_file(video(vfr=True), short_rules)) == {"frame_rate"}


def test_a_4_to_3_picture_is_a_warning_not_a_failure(video, short_rules):
    report = check_file(video(width=1440, height=1080), short_rules)
    assert report.row("aspect_ratio").status == "warn"
    assert report.row("aspect_ratio").measured == "4:3"
    assert report.verdict == "warn"
