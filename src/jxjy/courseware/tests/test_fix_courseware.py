import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jxjy.courseware.fix import FixError, fix_file
from jxjy.courseware.spec import check_file
from jxjy.courseware.testvideos import make_text_file, make_video

BROKEN = {"width": 640, "height": 480, "fps": 30, "channels": 1, "audio_rate": 44100, "peak_dbfs": -0.5,
          "video_kbps": 300}


def test_the_fixer_turns_a_broken_file_into_one_that_passes(tmp_path, short_rules):
    source = make_video(tmp_path / "in.mp4", seconds=3, **BROKEN)
    assert check_file(source, short_rules, deep=True).verdict == "fail"
    seen = []
    fix_file(source, tmp_path / "out.mp4", short_rules, progress=seen.append)
    report = check_file(tmp_path / "out.mp4", short_rules, deep=True)
    assert report.verdict == "pass", [r.to_dict() for r in report.rows if r.judged and r.status != "pass"]
    assert report.row("resolution").measured == "1280×720"
    assert seen and seen[-1] == 1.0
    assert not (tmp_path / "out.mp4.partial").exists()


def test_the_fixer_deinterlaces_and_makes_the_frame_rate_constant(tmp_path, video, short_rules):
    for kwargs in ({"interlaced": True}, {"vfr": True}, {"codec": "hevc", "container": "mkv"}):
        out = tmp_path / "out.mp4"
        fix_file(video(**kwargs), out, short_rules)
        assert check_file(out, short_rules).verdict == "pass", kwargs


def test_the_fixer_refuses_a_file_without_audio_and_writes_nothing(tmp_path, video, short_rules):
    with pytest.raises(FixError) as info:
        fix_file(video(audio=False), tmp_path / "out.mp4", short_rules)
    assert info.value.code == "no_audio" and "音轨" in info.value.message
    assert not (tmp_path / "out.mp4").exists()


@pytest.mark.django_db
def test_the_command_shows_progress_and_checks_its_result(tmp_path, short_plan):
    source = make_video(tmp_path / "in.mp4", seconds=3, **BROKEN)
    out = io.StringIO()
    call_command("fix_courseware", str(source), str(tmp_path / "out.mp4"), stdout=out)
    text = out.getvalue()
    assert "转码进度：100%" in text
    assert "转码结果检测：合格" in text


@pytest.mark.django_db
def test_the_command_exits_1_when_the_result_still_fails_a_rule(tmp_path, cast):
    # The 2020 plan wants 55-65 minute lectures: transcoding cannot lengthen a 3-second file.
    source = make_video(tmp_path / "in.mp4", seconds=3, **BROKEN)
    out = io.StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("fix_courseware", str(source), str(tmp_path / "out.mp4"), stdout=out)
    assert info.value.code == 1
    assert "时长" in out.getvalue()


@pytest.mark.django_db
def test_the_command_exits_2_for_an_unreadable_input(tmp_path, short_plan):
    source = make_text_file(tmp_path / "in.mp4")
    with pytest.raises(CommandError) as info:
        call_command("fix_courseware", str(source), str(tmp_path / "out.mp4"), stdout=io.StringIO())
    assert info.value.returncode == 2
    assert "文本" in str(info.value)
    assert not (tmp_path / "out.mp4").exists()
