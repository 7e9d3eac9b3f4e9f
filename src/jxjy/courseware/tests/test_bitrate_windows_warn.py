from jxjy.courseware.spec import check_file
from jxjy.courseware.testvideos import concat_videos, make_video


def test_a_loud_then_quiet_bit_rate_warns_on_both_windows_while_the_average_passes(tmp_path, short_rules):
    high = make_video(tmp_path / "high.mp4", seconds=2.56, video_kbps=1300)
    low = make_video(tmp_path / "low.mp4", seconds=2.56, video_kbps=600)
    joined = concat_videos([high, low], tmp_path / "joined.mp4")
    rules = {**short_rules, "bitrate_window_seconds": 1}
    report = check_file(joined, rules)
    assert report.row("video_bitrate").status == "pass"
    peak, bottom = report.row("video_bitrate_peak"), report.row("video_bitrate_low")
    assert peak.status == "warn" and int(peak.measured.split()[0]) > 1024
    assert bottom.status == "warn" and int(bottom.measured.split()[0]) < 800
    assert "1 秒" in peak.required
    assert report.verdict == "warn"


def test_a_steady_bit_rate_has_no_window_warnings(video, short_rules):
    report = check_file(video(), {**short_rules, "bitrate_window_seconds": 1})
    assert report.row("video_bitrate_peak").status == "pass"
    assert report.row("video_bitrate_low").status == "pass"


def test_the_window_length_is_read_from_the_rules(video, short_rules):
    report = check_file(video(), {**short_rules, "bitrate_window_seconds": 2})
    assert "2 秒" in report.row("video_bitrate_peak").required
