"""Taking a quiz: the form leaks no answers, the server scores, bad input gets a clear 400."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from quizzes.history import BACK_WINDOW, SESSION_KEY
from quizzes.models import QuizAttempt, QuizPage
from quizzes.submission import new_nonce
from tests.factories import LessonPageFactory, ModulePageFactory, QuizPageFactory, UserFactory, quiz_question
from tests.quizzes.conftest import ALL_RIGHT, form_data, key_of, lessons_of, submit, with_wrong

LEAK_MARKERS = ["data-correct", "is-correct", "correct", "feedback", "explanation", "right answer"]


def assert_no_answer_leak(html, quiz):
    """Nothing in the page tells which answers are right: no flags, feedback or explanations."""
    lowered = html.lower()
    for marker in LEAK_MARKERS:
        assert marker not in lowered, marker
    for question in quiz.answer_key():
        assert escape(question.explanation) not in html, question.explanation
        for choice in question.choices:
            assert escape(choice.feedback) not in html, choice.feedback
            assert escape(choice.text) in html  # the answers themselves are shown


@pytest.mark.django_db
class TestTheForm:
    def test_every_seeded_quiz_shows_its_questions_and_no_answers(self, client, seeded_site):
        quizzes = list(QuizPage.objects.live().filter(locale__language_code="en"))
        assert len(quizzes) == 6
        for quiz in quizzes:
            response = client.get(quiz.url)
            assert response.status_code == 200
            html = response.content.decode()
            assert_no_answer_leak(html, quiz)
            assert html.count("<fieldset") == len(quiz.questions) == html.count("<legend")
            assert "Must know" in html

    @pytest.mark.parametrize(("language", "hint"), [("en", "Select all that apply."), ("es", "Marque todas")])
    def test_select_all_that_apply_is_said_once_per_question(self, seeded_site, client, language, hint):
        """The form says it under each such question; the course's question texts do not repeat it."""
        checked = 0
        for quiz in QuizPage.objects.live().filter(locale__language_code=language):
            multiple = [question for question in quiz.answer_key() if question.kind == "multiple"]
            words = hint.rstrip(".").lower()  # however a question text might punctuate it
            assert [question.text for question in multiple if words in question.text.lower()] == []
            html = client.get(quiz.url).content.decode()
            assert html.count(hint) == len(multiple), quiz.url
            checked += len(multiple)
        assert checked >= 8

    def test_form_markup_is_keyboard_and_no_js_friendly(self, client, quiz):
        html = client.get(quiz.url).content.decode()
        key = key_of(quiz)
        assert f'action="{quiz.url}"' in html and 'method="post"' in html
        assert 'name="csrfmiddlewaretoken"' in html and 'name="nonce"' in html
        for question in key:
            input_type = "checkbox" if question.kind == "multiple" else "radio"
            for choice in question.choices:
                assert f'type="{input_type}" name="q-{question.id}" id="choice-{choice.id}"' in html
                assert f'<label for="choice-{choice.id}">{choice.text}</label>' in html
        assert "Select all that apply." in html
        assert "Your father starts shaking and falls." in html  # the scenario

    def test_personal_and_never_cached(self, client, quiz):
        cache_control = client.get(quiz.url)["Cache-Control"]
        assert "private" in cache_control and "no-cache" in cache_control

    def test_each_showing_gets_a_new_nonce(self, client, quiz):
        nonces = {
            re.search(r'name="nonce" value="([^"]+)"', client.get(quiz.url).content.decode())[1] for _ in "ab"
        }
        assert len(nonces) == 2

    def test_shuffle_is_stable_for_a_nonce_and_keeps_true_false_in_order(self, quiz):
        from quizzes.submission import form_questions

        quiz.shuffle = True
        key = quiz.answer_key()
        orders = {
            tuple(c.text for q in form_questions(key, nonce, True) for c in q.choices)
            for nonce in [new_nonce() for _ in range(30)]
        }
        assert len(orders) > 1  # answers move around between tries
        nonce = new_nonce()
        assert form_questions(key, nonce, True) == form_questions(key, nonce, True)
        for shown in [form_questions(key, new_nonce(), True) for _ in range(10)]:
            assert [c.text for c in shown[3].choices] == ["True", "False"]

    def test_module_page_lists_the_quiz_and_the_last_lesson_leads_to_it(self, client, quiz):
        module_html = client.get(quiz.get_parent().url).content.decode()
        assert f'href="{quiz.url}"' in module_html
        assert module_html.index("Lesson 2") < module_html.index(quiz.title)
        first, last = lessons_of(quiz)
        last_html = client.get(last.url).content.decode()
        assert f'<a class="pager__link pager__link--next" href="{quiz.url}" rel="next">' in last_html
        assert f'name="next" value="{quiz.url}"' in last_html
        assert f'href="{quiz.url}"' not in client.get(first.url).content.decode()

    def test_a_module_takes_one_quiz_only(self, quiz):
        module = quiz.get_parent().specific
        assert not QuizPage.can_create_at(module)
        other_module = ModulePageFactory(parent=module.get_parent(), slug="module-2")
        assert QuizPage.can_create_at(other_module)
        assert not QuizPage.can_create_at(module.get_parent())  # not under a course
        assert "quizzes.QuizPage" in module.subpage_types


@pytest.mark.django_db
class TestSubmitting:
    def test_all_right_passes_and_the_result_explains_every_question(self, client, quiz):
        response = submit(client, quiz, ALL_RIGHT)
        assert response.status_code == 303
        attempt_url = response["Location"]
        assert attempt_url.startswith(quiz.url + "results/")
        result = client.get(attempt_url)
        assert result.status_code == 200
        html = result.content.decode()
        assert "You passed: 100%" in html
        assert "private" in result["Cache-Control"]
        for question in key_of(quiz):
            assert question.explanation in html
        assert "Right: keep the mouth clear." in html  # feedback of the chosen answer
        assert "No: never a spoon." not in html  # feedback of answers not chosen is not shown
        lesson = lessons_of(quiz)[0]
        assert f'href="{lesson.url}#a-section"' in html
        assert f'href="{lesson.url}"' in html  # a question without an anchor links to the lesson
        assert 'tabindex="-1"' in html and "autofocus" in html  # focus moves to the result heading

    def test_a_wrong_must_know_answer_fails_even_at_80_percent(self, client, quiz):
        response = submit(client, quiz, with_wrong(ALL_RIGHT, q0=["A spoon"]))
        html = client.get(response["Location"]).content.decode()
        # The reason first: never "Not passed: 80%" at a pass mark of 80%.
        heading = re.search(r'<h1 id="result-heading"[^>]*>(.*?)</h1>', html).group(1)
        assert re.sub(r"<[^>]+>", "", heading) == "Not passed: a must-know question was wrong"
        assert ": 80%" not in html
        assert "right (80%)" in html and "One must-know question was" in html
        assert "You chose: <strong>A spoon</strong>" in html
        assert "No: never a spoon." in html
        assert "The right answer: <strong>Nothing</strong>" in html

    def test_the_headline_keeps_must_know_on_one_line(self, client, quiz):
        """On a narrow phone the heading broke at the hyphen ("must-" / "know")."""
        response = submit(client, quiz, with_wrong(ALL_RIGHT, q0=["A spoon"]))
        heading = re.search(r'<h1 id="result-heading"[^>]*>(.*?)</h1>', client.get(response["Location"]).text)
        assert heading.group(1) == 'Not passed: a <span class="nowrap">must-know</span> question was wrong'

    def test_below_the_pass_mark_the_headline_gives_the_score_and_the_mark(self, client, quiz):
        # Two questions wrong, neither of them must-know: 60%.
        response = submit(client, quiz, with_wrong(ALL_RIGHT, q1=["Wait longer"], q4=["Leave them alone"]))
        html = client.get(response["Location"]).content.decode()
        assert "Not passed: 60%, and you need 80%</h1>" in html
        assert "must-know question was wrong" not in html

    def test_select_all_needs_exactly_the_right_set(self, client, quiz):
        for picks in (["Time it"], ["Time it", "Move things away", "Hold them down"]):
            submit(client, quiz, with_wrong(ALL_RIGHT, q2=picks))
        records = client.session[SESSION_KEY]
        assert [r["score"] for r in records] == [80, 80]
        assert all(r["passed"] for r in records)  # question 3 is not must-know
        assert [q["correct"] for q in records[0]["answers"]] == [True, True, False, True, True]

    def test_client_sent_scores_and_flags_are_ignored(self, client, quiz, learner):
        client.force_login(learner)
        wrong = {
            0: ["A spoon"],
            1: ["Wait longer"],
            2: ["Hold them down"],
            3: ["True"],
            4: ["Leave them alone"],
        }
        submit(client, quiz, wrong, score="100", passed="true", correct="1", must_know_passed="1")
        attempt = QuizAttempt.objects.get(user=learner)
        assert (attempt.score, attempt.passed, attempt.must_know_passed) == (0, False, False)

    def test_unlimited_retries_are_all_stored_for_a_learner(self, client, quiz, learner):
        client.force_login(learner)
        for picks in (with_wrong(ALL_RIGHT, q3=["True"]), ALL_RIGHT, ALL_RIGHT):
            assert submit(client, quiz, picks).status_code == 303
        assert list(QuizAttempt.objects.filter(user=learner).values_list("score", "passed")) == [
            (100, True),
            (100, True),
            (80, False),
        ]

    def test_a_double_submit_stores_one_attempt(self, client, quiz, learner):
        client.force_login(learner)
        data = form_data(quiz, ALL_RIGHT)
        first = client.post(quiz.url, data)
        second = client.post(quiz.url, data)
        assert first["Location"] == second["Location"]
        assert QuizAttempt.objects.filter(user=learner).count() == 1
        assert "already checked" in client.get(second["Location"]).content.decode()

    def test_a_visitor_double_submit_keeps_one_record(self, client, quiz):
        data = form_data(quiz, ALL_RIGHT)
        client.post(quiz.url, data)
        client.post(quiz.url, data)
        assert len(client.session[SESSION_KEY]) == 1

    def test_results_are_private_to_their_learner(self, client, quiz, learner):
        client.force_login(learner)
        url = submit(client, quiz, ALL_RIGHT)["Location"]
        assert client.get(url).status_code == 200
        assert Client().get(url).status_code == 404  # a visitor
        other = Client()
        other.force_login(type(learner).objects.create_user("someone", "someone@example.com", "x" * 12))
        assert other.get(url).status_code == 404
        assert client.get(quiz.url + "results/not-a-nonce/").status_code == 404
        assert client.get(quiz.url + "results/" + "a" * 20 + "/").status_code == 404
        assert client.post(url).status_code == 405

    def test_methods_and_csrf(self, quiz):
        assert Client().put(quiz.url).status_code == 405
        assert Client().delete(quiz.url).status_code == 405
        client = Client(enforce_csrf_checks=True)
        assert client.post(quiz.url, form_data(quiz, ALL_RIGHT)).status_code == 403
        assert SESSION_KEY not in client.session

    def test_a_passed_final_quiz_earns_the_certificate(self, client, quiz, learner):
        client.force_login(learner)
        for lesson in lessons_of(quiz):
            client.post(f"/progress/lessons/{lesson.pk}/complete/")
        assert not learner.certificates.exists()  # lessons alone do not complete the module
        submit(client, quiz, with_wrong(ALL_RIGHT, q0=["A spoon"]))
        assert not learner.certificates.exists()
        response = submit(client, quiz, ALL_RIGHT)
        assert learner.certificates.count() == 1
        assert "Your certificate is on My learning" in client.get(response["Location"]).content.decode()

    def test_lesson_links_follow_the_lessons_they_point_to(self, client, quiz):
        """The links are kept in the cache: a retitled, moved or unpublished lesson shows at once."""
        lesson = lessons_of(quiz)[0]
        assert key_of(quiz)[0].lesson_title == "Lesson 1"
        lesson.title = "Seizure first aid"
        lesson.slug = "first-aid"
        lesson.save_revision().publish()
        lesson.refresh_from_db()
        first = key_of(quiz)[0]
        assert (first.lesson_title, first.lesson_url) == ("Seizure first aid", f"{lesson.url}#a-section")
        html = client.get(submit(client, quiz, ALL_RIGHT)["Location"]).content.decode()
        assert f'href="{lesson.url}#a-section"' in html and "Seizure first aid" in html
        lesson.unpublish()
        assert (key_of(quiz)[0].lesson_title, key_of(quiz)[0].lesson_url) == ("", "")


@pytest.mark.django_db
class TestBack:
    """Back after submitting: the quiz page is asked for again (never kept by the browser) and
    shows the answers this learner sent last time, ticked, with a new form to send."""

    @pytest.mark.parametrize("signed_in", [True, False])
    def test_back_after_submitting_shows_the_learners_own_last_answers(
        self, client, quiz, learner, signed_in
    ):
        if signed_in:
            client.force_login(learner)
        before = client.get(quiz.url)
        assert " checked" not in before.content.decode()  # nothing is ticked before a submission
        sent = with_wrong(ALL_RIGHT, q0=["A spoon"], q2=["Time it"])
        first_nonce = re.search(r'name="nonce" value="([^"]+)"', before.content.decode()).group(1)
        assert submit(client, quiz, sent, nonce=first_nonce).status_code == 303

        back = client.get(quiz.url)  # what Back asks for: no-store, so the browser cannot reuse a copy
        assert back.status_code == 200 and "no-store" in back["Cache-Control"]
        html = back.content.decode()
        ticked = set(re.findall(r'id="choice-([^"]+)" value="[^"]+" checked', html))
        key = key_of(quiz)
        expected = {
            choice.id
            for index, texts in sent.items()
            for choice in key[index].choices
            if choice.text in texts
        }
        assert ticked == expected
        assert "The answers you sent last time are ticked" in html
        assert_no_answer_leak(html, quiz)  # their own choices only: nothing about which are right
        nonce = re.search(r'name="nonce" value="([^"]+)"', html).group(1)
        assert nonce != first_nonce  # sending them again is a new try, not "already checked"
        response = client.post(quiz.url, form_data(quiz, ALL_RIGHT, nonce))
        assert response.status_code == 303 and nonce in response["Location"]

    def test_another_learner_sees_none_of_them(self, client, quiz, learner):
        client.force_login(learner)
        submit(client, quiz, ALL_RIGHT)
        client.force_login(UserFactory(username="other"))
        html = client.get(quiz.url).content.decode()
        assert " checked" not in html and "The answers you sent last time" not in html

    def test_a_later_visit_starts_from_a_blank_form(self, client, quiz, learner):
        """A retake from My learning, or someone else on a shared phone: nothing ticked."""
        client.force_login(learner)
        submit(client, quiz, ALL_RIGHT)
        later = timezone.now() + BACK_WINDOW + timedelta(seconds=1)
        with mock.patch.object(timezone, "now", return_value=later):
            html = client.get(quiz.url).content.decode()
        assert " checked" not in html and "The answers you sent last time" not in html

    def test_no_note_when_the_answers_sent_are_no_longer_on_the_quiz(self, client, quiz, learner):
        client.force_login(learner)
        submit(client, quiz, ALL_RIGHT)
        attempt = QuizAttempt.objects.get(user=learner)
        for question in attempt.answers:  # as if an editor had replaced every answer since
            for choice in question["choices"]:
                choice["id"] = f"gone-{choice['id']}"
        attempt.save(update_fields=["answers"])
        html = client.get(quiz.url).content.decode()
        assert " checked" not in html and "The answers you sent last time" not in html

    def test_a_damaged_record_gives_a_blank_form_not_an_error(self, client, quiz, learner):
        client.force_login(learner)
        submit(client, quiz, ALL_RIGHT)
        QuizAttempt.objects.filter(user=learner).update(answers=[{"id": "q"}])
        response = client.get(quiz.url)
        assert response.status_code == 200 and " checked" not in response.content.decode()


@pytest.mark.django_db
class TestUnanswered:
    def test_form_again_with_an_error_summary_and_the_answers_kept(self, client, quiz):
        data = form_data(quiz, {0: ["A spoon"], 2: ["Time it", "Hold them down"], 4: ["Stay with them"]})
        response = client.post(quiz.url, data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "There is a problem" in html and 'role="alert"' in html and "autofocus" in html
        key = key_of(quiz)
        assert f'href="#choice-{key[1].choices[0].id}">Question 2: choose an answer.' in html
        assert "Question 4: choose an answer." in html
        assert "Question 3" not in html.split("There is a problem")[1].split("</ul>")[0]
        for chosen in data[f"q-{key[0].id}"] + data[f"q-{key[2].id}"]:
            assert re.search(rf'value="{chosen}" checked', html)
        assert f'name="nonce" value="{data["nonce"]}"' in html  # same form, same nonce
        assert_no_answer_leak(html, quiz)
        assert SESSION_KEY not in client.session
        assert "<title>Error:" in html

    def test_nothing_answered(self, client, quiz):
        response = client.post(quiz.url, {"nonce": new_nonce()})
        assert response.status_code == 400
        assert response.content.decode().count('class="error-message"') == 5

    def test_select_all_with_nothing_ticked(self, client, quiz):
        response = submit(client, quiz, {i: v for i, v in ALL_RIGHT.items() if i != 2})
        assert "Question 3: select at least one answer." in response.content.decode()


@pytest.mark.django_db
class TestBadInput:
    """Input our form cannot send: a 400 with a plain message, nothing stored, never a 500."""

    def post(self, client, quiz, data):
        response = client.post(quiz.url, data)
        assert response.status_code == 400, response.content.decode()[:500]
        assert not QuizAttempt.objects.exists() and SESSION_KEY not in client.session
        html = response.content.decode()
        assert "Your answers could not be read" in html
        return html

    def test_a_choice_of_another_question(self, client, quiz):
        key = key_of(quiz)
        data = form_data(quiz, ALL_RIGHT)
        data[f"q-{key[1].id}"] = [key[0].choices[0].id]
        assert "An answer sent for question 2 belongs to question 1." in self.post(client, quiz, data)

    def test_a_choice_of_another_quiz(self, client, quiz):
        module = ModulePageFactory(parent=quiz.get_parent().get_parent(), slug="module-2")
        lesson = LessonPageFactory(parent=module, slug="other-lesson")
        other = QuizPageFactory(parent=module, questions=[quiz_question(lesson=lesson)])
        data = form_data(quiz, ALL_RIGHT)
        data[f"q-{key_of(quiz)[0].id}"] = [key_of(other)[0].choices[0].id]
        assert "is not one of its answers" in self.post(client, quiz, data)

    @pytest.mark.parametrize(
        "garbage", ["1", "-1", "abc", "1e9", "99999999999999999999", "", "' OR 1=1 --", "€"]
    )
    def test_garbage_ids(self, client, quiz, garbage):
        data = form_data(quiz, ALL_RIGHT)
        data[f"q-{key_of(quiz)[0].id}"] = [garbage]
        assert "is not one of its answers" in self.post(client, quiz, data)

    def test_a_huge_value(self, client, quiz):
        data = form_data(quiz, ALL_RIGHT)
        data[f"q-{key_of(quiz)[0].id}"] = ["x" * 50_000]  # under the 64 KB body limit (issue 14)
        assert "too long" in self.post(client, quiz, data)
        data[f"q-{key_of(quiz)[0].id}"] = ["x" * 100_000]  # over it: refused before it is read
        assert client.post(quiz.url, data).status_code == 413

    def test_two_answers_to_a_one_answer_question(self, client, quiz):
        key = key_of(quiz)
        data = form_data(quiz, ALL_RIGHT)
        data[f"q-{key[0].id}"] = [key[0].choices[0].id, key[0].choices[1].id]
        assert "Question 1 was answered more than once" in self.post(client, quiz, data)

    def test_the_same_field_twice(self, client, quiz):
        key = key_of(quiz)
        data = form_data(quiz, ALL_RIGHT)
        data[f"q-{key[2].id}"] = [key[2].choices[0].id, key[2].choices[0].id]
        assert "sent twice" in self.post(client, quiz, data)
        data = form_data(quiz, ALL_RIGHT)
        data[f"q-{key[0].id}"] = [key[0].choices[0].id, key[0].choices[0].id]
        assert "more than once" in self.post(client, quiz, data)

    def test_a_question_that_is_not_in_the_quiz(self, client, quiz):
        data = form_data(quiz, ALL_RIGHT, **{"q-00000000-0000-0000-0000-000000000000": "x"})
        assert "a question that is not in this quiz" in self.post(client, quiz, data)

    @pytest.mark.parametrize(
        "nonce", [None, "", "short", "x" * 65, "not a nonce at all!", ["a" * 20, "b" * 20]]
    )
    def test_missing_or_bad_nonce(self, client, quiz, nonce):
        data = form_data(quiz, ALL_RIGHT)
        if nonce is None:
            del data["nonce"]
        else:
            data["nonce"] = nonce
        assert "incomplete or out of date" in self.post(client, quiz, data)

    def test_too_many_fields(self, client, quiz):
        data = form_data(quiz, ALL_RIGHT, **{f"extra{i}": "x" for i in range(11_000)})
        # Refused for its size before the fields are even counted (coursesite RequestSizeLimitMiddleware).
        assert client.post(quiz.url, data).status_code == 413
        assert not QuizAttempt.objects.exists()

    def test_a_quiz_without_questions(self, client, quiz):
        quiz.questions = []
        quiz.save_revision().publish()
        html = client.get(quiz.url).content.decode()
        assert "This quiz has no questions yet." in html
        assert "no questions yet" in self.post(client, quiz, {"nonce": new_nonce()})


@pytest.mark.django_db
class TestPreview:
    def test_editors_preview_the_form_and_the_answers(self, quiz):
        form = quiz.make_preview_request(preview_mode="")
        assert form.status_code == 200
        html = form.content.decode()
        assert_no_answer_leak(html.replace("Answers and feedback", ""), quiz)
        assert "Preview: answers are not checked here" in html and "disabled" in html

        answers = quiz.make_preview_request(preview_mode="answers").content.decode()
        for question in key_of(quiz):
            assert question.explanation in answers
            for choice in question.choices:
                assert choice.feedback in answers
        assert 'Nothing</strong> <span class="result-choice__mark">(right)' in answers

    def test_the_admin_edit_and_preview_views_answer(self, client, quiz, admin_user):
        client.force_login(admin_user)
        assert client.get(f"/admin/pages/{quiz.pk}/edit/").status_code == 200
        course = quiz.get_parent().get_parent()
        refused = client.get(f"/admin/pages/add/quizzes/quizpage/{course.pk}/")  # not under a course
        assert refused.status_code in (302, 403)
        second = client.get(f"/admin/pages/add/quizzes/quizpage/{quiz.get_parent().pk}/")  # one per module
        assert second.status_code in (302, 403)
        empty_module = ModulePageFactory(parent=course, slug="module-2")
        add = client.get(f"/admin/pages/add/quizzes/quizpage/{empty_module.pk}/")
        assert add.status_code == 200
        assert "Learners pass only if they get every must-know question right" in add.content.decode()
