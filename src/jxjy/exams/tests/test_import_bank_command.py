"""`jxjy import_bank --course ID FILE` imports from the command line, or lists the problems."""

import pytest
from django.core.management import CommandError, call_command

from jxjy.core.models import AuditEntry
from jxjy.exams.models import Question
from jxjy.exams.tests.conftest import full_bank_xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_the_command_imports_a_template_file(cast, course, tmp_path, capsys):
    path = tmp_path / "bank.xlsx"
    path.write_bytes(full_bank_xlsx())
    call_command("import_bank", "--course", str(course.pk), str(path))
    assert Question.objects.filter(bank__course=course).count() == 150
    assert "150" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="question_bank.replace", actor=None).exists()


def test_the_command_refuses_a_bad_file_and_stores_nothing(cast, course, tmp_path, capsys):
    path = tmp_path / "bank.xlsx"
    path.write_bytes(xlsx_bytes([["单选", "", "a", "b", "", "", "", "", "A", "", ""]]))
    with pytest.raises(CommandError):
        call_command("import_bank", "--course", str(course.pk), str(path))
    assert "题干为空" in capsys.readouterr().err
    assert not Question.objects.exists()


def test_the_command_refuses_an_unknown_course(cast, tmp_path):
    path = tmp_path / "bank.xlsx"
    path.write_bytes(full_bank_xlsx())
    with pytest.raises(CommandError):
        call_command("import_bank", "--course", "999999", str(path))
