from jxjy.courseware.spec import check_file


def test_without_deep_the_audio_level_is_a_warning_not_judged(video, short_rules):
    report = check_file(video(), short_rules)
    for rule in ("audio_peak", "leading_silence"):
        row = report.row(rule)
        assert (row.status, row.judged) == ("warn", False), rule
        assert row.measured == "未测定"
    assert report.verdict == "pass"


def test_deep_judges_the_audio_level(video, short_rules):
    report = check_file(video(), short_rules, deep=True)
    assert report.row("audio_peak").judged and report.row("leading_silence").judged


def test_deep_measures_a_peak_inside_the_band(video, short_rules):
    row = check_file(video(peak_dbfs=-4.0), short_rules, deep=True).row("audio_peak")
    assert row.status == "pass"
    assert -5.0 < float(row.measured.split()[0]) < -3.0


def test_deep_fails_a_peak_that_is_too_loud(video, short_rules):
    row = check_file(video(peak_dbfs=-0.5), short_rules, deep=True).row("audio_peak")
    assert row.status == "fail" and "过大" in row.message


def test_deep_fails_a_peak_that_is_too_quiet(video, short_rules):
    row = check_file(video(peak_dbfs=-20.0), short_rules, deep=True).row("audio_peak")
    assert row.status == "fail" and "过小" in row.message


def test_deep_warns_about_long_silence_at_the_start(video, short_rules):
    rules = {**short_rules, "leading_silence_warn_seconds": 1}
    row = check_file(video(seconds=4, leading_silence=2.0), rules, deep=True).row("leading_silence")
    assert row.status == "warn"
    assert 1.8 <= float(row.measured.split()[0]) <= 2.2


def test_deep_accepts_a_short_silence_at_the_start(video, short_rules):
    row = check_file(video(seconds=4, leading_silence=0.5), short_rules, deep=True).row("leading_silence")
    assert row.status == "pass"


def test_the_peak_band_is_read_from_the_rules(video, short_rules):
    rules = {**short_rules, "audio_peak_dbfs_min": -3, "audio_peak_dbfs_max": -1}
    row = check_file(video(peak_dbfs=-4.0), rules, deep=True).row("audio_peak")
    assert row.status == "fail"
    assert row.required == "-3 至 -1 dBFS"
