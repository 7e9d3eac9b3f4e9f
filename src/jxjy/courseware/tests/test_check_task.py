from jxjy.courseware.tasks import courseware_check_task


def test_the_task_returns_the_report_dict(video, short_rules):
    result = courseware_check_task.delay(str(video()), short_rules, "lecture", False).get()
    assert result["verdict"] == "pass" and result["role"] == "lecture"


def test_the_task_reports_progress_when_bound_to_a_request(video, short_rules, monkeypatch):
    states = []
    monkeypatch.setattr(courseware_check_task, "update_state",
                        lambda state=None, meta=None, **kw: states.append((state, meta)))
    courseware_check_task.push_request(id="task-1", is_eager=False)
    try:
        result = courseware_check_task.run(str(video()), short_rules, "lecture", False)
    finally:
        courseware_check_task.pop_request()
    assert result["verdict"] == "pass"
    assert states and all(s == "PROGRESS" for s, _ in states)
    assert states[-1][1]["progress"] == 1.0


def test_a_broken_file_gives_a_failing_report_not_an_exception(tmp_path, short_rules):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    result = courseware_check_task.delay(str(path), short_rules, "lecture", True).get()
    assert result["verdict"] == "fail" and result["readable"] is False
