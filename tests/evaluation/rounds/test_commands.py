import pytest
from django.core.management import CommandError, call_command

from evaluation.models import Response
from tests.factories import make_round

pytestmark = pytest.mark.django_db


def csv_for(round_, *rows: str) -> str:
    codes = round_.questionnaire.statements.order_by("condition__order", "order")
    return "\n".join(["perspectief;" + ";".join(codes.values_list("code", flat=True)), *rows])


def test_import_responses_imports_a_good_file(tmp_path, capsys):
    round_ = make_round()
    path = tmp_path / "antwoorden.csv"
    path.write_text(csv_for(round_, "professional;1;2;3;4", "gemeente;;;5;5"), encoding="utf-8")
    call_command("import_responses", round_.pk, path)
    assert Response.objects.filter(round=round_, imported=True).count() == 2
    assert "2 antwoordsets geïmporteerd" in capsys.readouterr().out


def test_import_responses_refuses_a_bad_file_whole(tmp_path):
    round_ = make_round()
    path = tmp_path / "antwoorden.csv"
    path.write_text(csv_for(round_, "professional;1;2;3;4", "professional;1;2;3;8"))
    with pytest.raises(CommandError, match="Rij 3"):
        call_command("import_responses", round_.pk, path)
    assert not Response.objects.exists()


def test_import_responses_refuses_a_superscript_digit_with_a_dutch_row_error(tmp_path):
    round_ = make_round()
    path = tmp_path / "antwoorden.csv"
    path.write_text(csv_for(round_, "professional;²;2;3;4"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"Rij 2: waarde '²' bij \w+-\d is geen 1 tot en met 5"):
        call_command("import_responses", round_.pk, path)
    assert not Response.objects.exists()


def test_import_responses_explains_an_unknown_round_and_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_responses", 999, tmp_path / "x.csv")
    round_ = make_round()
    with pytest.raises(CommandError, match="Kan"):
        call_command("import_responses", round_.pk, tmp_path / "bestaat-niet.csv")
