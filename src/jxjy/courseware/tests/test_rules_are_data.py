"""The numbers come from the spec profile: another year's profile changes the outcome."""

from hypothesis import given
from hypothesis import strategies as st

from jxjy.courseware.fix import target_size
from jxjy.courseware.spec import aspect_label, check_file, parse_aspect


def test_a_profile_asking_for_30_fps_accepts_a_30_fps_file(video, short_rules):
    assert check_file(video(fps=30), short_rules).row("frame_rate").status == "fail"
    assert check_file(video(fps=30), {**short_rules, "frame_rate": 30}).row("frame_rate").status == "pass"


def test_a_profile_with_a_higher_bit_rate_band_fails_a_900_kbps_file(video, short_rules):
    rules = {**short_rules, "video_bitrate_kbps_min": 1500, "video_bitrate_kbps_max": 2500}
    row = check_file(video(), rules).row("video_bitrate")
    assert row.status == "fail" and row.required == "1500–2500 kbps"


def test_a_profile_asking_for_1080p_fails_a_720p_file(video, short_rules):
    rules = {**short_rules, "min_width": 1920, "min_height": 1080}
    assert check_file(video(), rules).row("resolution").status == "fail"


def test_a_rule_missing_from_the_profile_is_not_checked(video, short_rules):
    rules = {k: v for k, v in short_rules.items() if k not in ("frame_rate", "audio_snr_db_min")}
    report = check_file(video(fps=30), rules)
    assert report.row("frame_rate") is None and report.row("audio_snr") is None


@given(st.integers(16, 4000), st.integers(16, 4000))
def test_the_fixer_frame_is_always_at_least_the_minimum_in_the_spec_aspect(width, height):
    rules = {"min_width": 1280, "min_height": 720, "aspect_ratio": "16:9"}
    w, h = target_size(width, height, 1, rules)
    assert w >= 1280 and h >= 720
    assert w % 2 == 0 and h % 2 == 0
    assert aspect_label(w, h) == "16:9"


@given(st.sampled_from(["16:9", "4:3", "21:9"]), st.integers(1, 12))
def test_aspect_labels_round_trip_for_scaled_sizes(aspect, scale):
    ratio = parse_aspect(aspect)
    width, height = ratio.numerator * 40 * scale, ratio.denominator * 40 * scale
    assert aspect_label(width, height) == aspect
