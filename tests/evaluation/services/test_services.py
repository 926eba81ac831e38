from datetime import timedelta

import pytest
from django.utils import timezone

from evaluation import services
from evaluation.constants import ResponseStatus
from evaluation.models import Answer, Comment, ConditionScore, Invitation, Response
from evaluation.selectors import response_for_resume_token, scan_round_for_token
from tests.factories import QuestionnaireFactory, make_round, submit_response

pytestmark = pytest.mark.django_db


def steps_of(round_):
    steps: dict = {}
    for statement in round_.questionnaire.statements.order_by("condition__order", "order"):
        steps.setdefault(statement.condition_id, []).append(statement)
    return list(steps.values())


class TestRounds:
    def test_a_new_round_has_one_working_link(self):
        round_ = make_round()
        invitation = Invitation.objects.get(round=round_)
        assert scan_round_for_token(invitation.token) == round_
        assert invitation.token_hash != invitation.token
        assert invitation.token not in invitation.token_hash

    def test_the_link_has_at_least_128_bits(self):
        token = make_round().invitations.get().token
        assert len(token) >= 32  # 24 bytes in URL-safe base64

    def test_an_unpublished_questionnaire_cannot_be_used(self):
        with pytest.raises(services.ServiceError):
            make_round(questionnaire=QuestionnaireFactory(is_published=False))

    def test_replacing_the_link_stops_the_old_one(self):
        round_ = make_round()
        old = round_.invitations.get().token
        new = services.invitation_replace(round_=round_)
        assert scan_round_for_token(old) is None
        assert scan_round_for_token(new.token) == round_

    def test_a_revoked_link_no_longer_works(self):
        round_ = make_round()
        token = round_.invitations.get().token
        assert services.invitation_revoke(round_=round_) == 1
        assert scan_round_for_token(token) is None
        assert services.invitation_revoke(round_=round_) == 0

    def test_closing_keeps_submitted_responses_and_stops_new_ones(self):
        round_ = make_round()
        submit_response(round_)
        services.round_close(round_=round_)
        assert not round_.is_open()
        assert Response.objects.filter(round=round_, status=ResponseStatus.SUBMITTED).count() == 1
        with pytest.raises(services.RoundClosedError):
            services.response_start(round_=round_, role="professional")

    def test_closing_twice_keeps_the_first_closing_time(self):
        round_ = make_round()
        first = services.round_close(round_=round_).closed_at
        assert services.round_close(round_=round_).closed_at == first


class TestResponding:
    def test_submit_stores_scores_computed_from_the_answers(self):
        round_ = make_round()
        response, _ = services.response_start(round_=round_, role="teamleider")
        for statements in steps_of(round_):
            # statement 1 normal (4 -> 75), statement 2 reverse-keyed (2 -> 4 -> 75)
            services.response_save_step(
                response=response,
                statements=statements,
                values={statements[0].pk: 4, statements[1].pk: 2},
            )
        result = services.response_submit(response=response)
        assert not result.already_submitted
        scores = ConditionScore.objects.filter(response=response)
        assert scores.count() == 2
        assert {s.score for s in scores} == {75.0}
        assert {(s.answered, s.total) for s in scores} == {(2, 2)}

    def test_dont_know_is_stored_and_not_counted(self):
        round_ = make_round()
        response, _ = services.response_start(round_=round_, role="professional")
        first, second = steps_of(round_)
        services.response_save_step(
            response=response, statements=first, values={first[0].pk: 5, first[1].pk: None}
        )
        services.response_save_step(
            response=response, statements=second, values={s.pk: None for s in second}
        )
        services.response_submit(response=response)
        scores = {s.condition_id: s for s in ConditionScore.objects.filter(response=response)}
        assert scores[first[0].condition_id].score == 100.0
        assert scores[first[0].condition_id].answered == 1
        assert scores[second[0].condition_id].score is None

    def test_submitting_twice_creates_nothing_new(self):
        round_ = make_round()
        response = submit_response(round_)
        result = services.response_submit(response=response)
        assert result.already_submitted
        assert ConditionScore.objects.filter(response=response).count() == 2
        assert Response.objects.filter(round=round_).count() == 1

    def test_submit_with_missing_answers_stores_nothing(self):
        round_ = make_round()
        response, _ = services.response_start(round_=round_, role="professional")
        first, _second = steps_of(round_)
        services.response_save_step(
            response=response, statements=first, values={s.pk: 3 for s in first}
        )
        with pytest.raises(services.ServiceError, match="Nog niet alle stellingen"):
            services.response_submit(response=response)
        response.refresh_from_db()
        assert response.status == ResponseStatus.STARTED
        assert not ConditionScore.objects.exists()

    def test_submit_after_the_round_closed_is_refused_and_keeps_the_answers(self):
        round_ = make_round()
        response, _ = services.response_start(round_=round_, role="professional")
        for statements in steps_of(round_):
            services.response_save_step(
                response=response, statements=statements, values={s.pk: 3 for s in statements}
            )
        round_.closes_on = timezone.localdate() - timedelta(days=1)
        round_.opens_on = round_.closes_on - timedelta(days=5)
        round_.save()
        with pytest.raises(services.RoundClosedError):
            services.response_submit(response=response)
        assert Answer.objects.filter(response=response).count() == 4
        assert not ConditionScore.objects.exists()

    def test_statements_of_another_questionnaire_are_refused(self):
        round_ = make_round()
        other = make_round()
        response, _ = services.response_start(round_=round_, role="professional")
        foreign = steps_of(other)[0]
        with pytest.raises(services.ServiceError):
            services.response_save_step(
                response=response, statements=foreign, values={s.pk: 3 for s in foreign}
            )
        assert not Answer.objects.exists()

    @pytest.mark.parametrize("value", [0, 6, -1, 99])
    def test_values_outside_the_scale_are_refused(self, value):
        round_ = make_round()
        response, _ = services.response_start(round_=round_, role="professional")
        statements = steps_of(round_)[0]
        with pytest.raises(services.ServiceError):
            services.response_save_step(
                response=response, statements=statements, values={statements[0].pk: value}
            )
        assert not Answer.objects.exists()

    def test_an_unknown_role_is_refused(self):
        with pytest.raises(services.ServiceError):
            services.response_start(round_=make_round(), role="directeur")
        assert not Response.objects.exists()

    def test_saving_a_step_again_overwrites_answers_and_comment(self):
        round_ = make_round()
        response, _ = services.response_start(round_=round_, role="professional")
        statements = steps_of(round_)[0]
        services.response_save_step(
            response=response,
            statements=statements,
            values={s.pk: 2 for s in statements},
            comment="Eerste gedachte",
        )
        services.response_save_step(
            response=response,
            statements=statements,
            values={s.pk: 5 for s in statements},
            comment="  ",
        )
        assert set(Answer.objects.values_list("value", flat=True)) == {5}
        assert not Comment.objects.exists()

    def test_a_submitted_response_cannot_be_changed(self):
        round_ = make_round()
        response = submit_response(round_, value=3)
        statements = steps_of(round_)[0]
        with pytest.raises(services.ServiceError):
            services.response_save_step(
                response=response, statements=statements, values={s.pk: 5 for s in statements}
            )
        assert set(Answer.objects.values_list("value", flat=True)) == {3}

    def test_the_resume_token_finds_the_response_and_is_stored_hashed(self):
        round_ = make_round()
        response, token = services.response_start(round_=round_, role="professional")
        assert response_for_resume_token(token) == response
        assert response.resume_hash != token
        assert response_for_resume_token("x" + token) is None

    def test_a_response_holds_no_personal_data(self):
        field_names = {f.name for f in Response._meta.get_fields()}
        assert not field_names & {"name", "email", "ip", "ip_address", "user", "created_at"}
        assert not any("time" in name or "date" in name for name in field_names)


class TestImport:
    def rows(self, round_, *values):
        codes = list(round_.questionnaire.statements.values_list("code", flat=True))
        return [
            services.ImportRow(role="professional", values=dict.fromkeys(codes, v)) for v in values
        ]

    def test_rows_become_submitted_responses_with_scores(self):
        round_ = make_round()
        assert services.responses_import(round_=round_, rows=self.rows(round_, 5, None)) == 2
        assert Response.objects.filter(status=ResponseStatus.SUBMITTED, imported=True).count() == 2
        assert ConditionScore.objects.filter(score__isnull=True).count() == 2  # the None row
        assert ConditionScore.objects.count() == 4

    def test_a_bad_row_stores_nothing(self):
        round_ = make_round()
        rows = self.rows(round_, 5)
        rows.append(services.ImportRow(role="professional", values={"XXX-1": 3}))
        with pytest.raises(services.ServiceError):
            services.responses_import(round_=round_, rows=rows)
        assert not Response.objects.exists()
        assert not Answer.objects.exists()

    def test_imported_comments_are_stored_per_condition_like_scan_comments(self):
        round_ = make_round()
        condition = round_.questionnaire.statements.first().condition
        codes = list(round_.questionnaire.statements.values_list("code", flat=True))
        row = services.ImportRow(
            role="gemeente",
            values=dict.fromkeys(codes, 3),
            comments={condition.code.lower(): "  Van papier  "},
        )
        services.responses_import(round_=round_, rows=[row])
        assert list(Comment.objects.values_list("condition", "text")) == [
            (condition.pk, "Van papier")
        ]

    @pytest.mark.parametrize(
        ("comments", "message"),
        [({"XXX": "hallo"}, "onbekende voorwaarde"), ({"MAN": "x" * 2001}, "2.001 tekens")],
    )
    def test_a_comment_of_an_unknown_condition_or_too_long_stores_nothing(self, comments, message):
        round_ = make_round()
        statement = round_.questionnaire.statements.first()
        comments = {
            (statement.condition.code if code == "MAN" else code): text
            for code, text in comments.items()
        }
        codes = list(round_.questionnaire.statements.values_list("code", flat=True))
        row = services.ImportRow(role="gemeente", values=dict.fromkeys(codes, 3), comments=comments)
        with pytest.raises(services.ServiceError, match=message):
            services.responses_import(round_=round_, rows=[row])
        assert not Response.objects.exists()


class TestQuestionnaireVersions:
    def test_a_questionnaire_in_use_cannot_be_changed(self):
        from django.core.exceptions import ValidationError

        round_ = make_round()
        questionnaire = round_.questionnaire
        questionnaire.title = "Anders"
        with pytest.raises(ValidationError, match="nieuwe versie"):
            questionnaire.full_clean()
        statement = questionnaire.statements.first()
        statement.text = "Andere tekst"
        with pytest.raises(ValidationError, match="nieuwe versie"):
            statement.full_clean()

    def test_a_new_version_copies_the_statements_unpublished(self):
        round_ = make_round()
        old = round_.questionnaire
        new = services.questionnaire_new_version(questionnaire=old)
        assert (new.key, new.version, new.is_published) == (old.key, old.version + 1, False)
        assert list(new.statements.values_list("code", "text")) == list(
            old.statements.values_list("code", "text")
        )
        statement = new.statements.first()
        statement.text = "Verbeterde tekst"
        statement.full_clean()  # the copy is editable
        statement.save()
        assert old.statements.get(code=statement.code).text != "Verbeterde tekst"
