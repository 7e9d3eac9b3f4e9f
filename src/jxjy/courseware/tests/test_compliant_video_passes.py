from jxjy.courseware.spec import check_file

from .conftest import has_chinese

RULES_OF_SECTION_5 = {"container", "video_codec", "video_bitrate", "video_bitrate_peak", "video_bitrate_low",
                      "resolution", "aspect_ratio", "frame_rate", "scan", "subtitles", "opening_titles",
                      "audio_codec", "audio_sample_rate", "audio_bitrate", "audio_channels", "duration",
                      "audio_peak", "leading_silence", "audio_snr"}


def test_a_compliant_lecture_passes_with_one_row_per_rule(video, short_rules):
    report = check_file(video(), short_rules)
    assert report.readable
    assert report.verdict == "pass", [r.to_dict() for r in report.rows if r.judged and r.status != "pass"]
    assert {r.rule for r in report.rows} >= RULES_OF_SECTION_5
    assert report.width == 1280 and report.height == 720
    assert 2.9 < report.duration < 3.1


def test_the_report_dict_has_the_agreed_shape(video, short_rules):
    data = check_file(video(), short_rules).to_dict()
    assert {"file", "role", "verdict", "duration", "rows"} <= set(data)
    assert data["role"] == "lecture" and data["verdict"] == "pass"
    for row in data["rows"]:
        # `judged` appears only on rows reported but not judged, and then only as false.
        assert set(row) - {"judged"} == {"rule", "status", "measured", "required", "message"}
        assert row.get("judged", False) is False
        assert row["status"] in {"pass", "warn", "fail"}


def test_required_text_comes_from_the_rules(video, short_rules):
    report = check_file(video(), short_rules)
    assert report.row("video_bitrate").required == "800–1024 kbps"
    assert "1280×720" in report.row("resolution").required
    assert report.row("frame_rate").required == "25 fps"
    assert report.row("audio_sample_rate").required == "48000 Hz"


def test_measured_values_are_reported(video, short_rules):
    report = check_file(video(), short_rules)
    assert report.row("resolution").measured == "1280×720"
    assert report.row("aspect_ratio").measured == "16:9"
    assert report.row("frame_rate").measured == "25 fps"
    kbps = int(report.row("video_bitrate").measured.split()[0])
    assert 800 <= kbps <= 1024


def test_messages_are_in_chinese(video, short_rules):
    report = check_file(video(), short_rules)
    assert all(has_chinese(r.message) for r in report.rows)


def test_opening_titles_are_a_warning_for_the_reviewer_rather_than_a_pass(video, short_rules):
    report = check_file(video(), short_rules)
    row = report.row("opening_titles")
    assert row.status == "warn" and row.judged is False
    assert row.to_dict()["judged"] is False
    assert "5" in row.required
    assert "无法" in row.measured
    # The reviewer's task does not make a clean file doubtful.
    assert report.verdict == "pass"


def test_subtitles_and_the_signal_to_noise_ratio_are_notes_that_pass(video, short_rules):
    report = check_file(video(), short_rules)
    for rule in ("subtitles", "audio_snr"):
        row = report.row(rule)
        assert (row.status, row.judged, row.to_dict()["judged"]) == ("pass", False, False), rule


def test_judged_rows_carry_no_judged_field(video, short_rules):
    row = check_file(video(), short_rules).row("video_codec")
    assert row.judged and "judged" not in row.to_dict()


def test_a_short_lecture_fails_the_2020_duration(video, rules_2020):
    report = check_file(video(), rules_2020)
    row = report.row("duration")
    assert row.status == "fail"
    assert row.required == "55–65 分钟"
    assert report.verdict == "fail"
