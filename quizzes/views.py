"""Taking a quiz: the form, checking the answers, the result. Served by QuizPage's routes.

Views are thin: they read the input (quizzes.submission), call the rules (quizzes.scoring, where
attempts are kept in quizzes.history) and render.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from wagtail.models import Page

from .history import answers_to_tick, attempts_for, snapshot
from .models import QuizPage
from .scoring import score_attempt
from .signals import quiz_passed
from .submission import (
    NONCE_RE,
    BadSubmission,
    Submission,
    form_questions,
    new_nonce,
    read_answers,
    read_nonce,
)


def _personal(response):
    """This response is for one learner only: never cached by anyone else, nor kept on disk."""
    patch_cache_control(response, private=True, no_cache=True, no_store=True)
    return response


def _render(request, quiz, template, context, status=200):
    base = quiz.get_context(request)
    base.update(context)
    return _personal(TemplateResponse(request, template, base, status=status))


def take_quiz(request, quiz, questions=None, nonce=None, submission=None, status=200):
    """The quiz form: every question with its answers, and nothing about which are right.

    Just after a try, the answers the learner sent are ticked (Back from the result asks for
    this page again, as it is never kept; quizzes.history.answers_to_tick): their own choices,
    on a new form (a new nonce), so sending it again is a new try. Nothing about which answers
    are right is sent."""
    is_preview = getattr(request, "is_preview", False)
    questions = quiz.answer_key(request, with_links=False) if questions is None else questions
    nonce = nonce or new_nonce()
    store = attempts_for(request)
    summary = None if is_preview else store.summaries([quiz.pk]).get(quiz.pk)
    ticked = False
    if submission is None:
        answers = answers_to_tick(store, quiz, summary)
        if answers is not None:
            submission, ticked = Submission(answers=answers), True
    shown = form_questions(questions, nonce, quiz.shuffle, submission)
    # The note says so only when a choice sent then is still on the quiz (editors may change it).
    last_answers = ticked and any(choice.checked for question in shown for choice in question.choices)
    return _render(
        request,
        quiz,
        "quizzes/quiz_page.html",
        {
            "questions": shown,
            "errors": [question for question in shown if question.error],
            "nonce": nonce,
            "summary": summary,
            "is_preview": is_preview,
            "saved_to_account": store.is_saved_to_account,
            "last_answers": last_answers,
        },
        status=status,
    )


def submit_quiz(request, quiz):
    """Check the answers on the server, keep the attempt, and send the learner to the result."""
    questions = quiz.answer_key(request)
    try:
        if not questions:
            raise BadSubmission(gettext("This quiz has no questions yet, so there is nothing to check."))
        nonce = read_nonce(request.POST)
        submission = read_answers(questions, request.POST)
    except BadSubmission as problem:
        return _render(request, quiz, "quizzes/bad_submission.html", {"problem": str(problem)}, status=400)
    if not submission.complete:
        return take_quiz(request, quiz, questions, nonce, submission, status=400)

    score = score_attempt(questions, submission.answers, quiz.pass_mark)
    store = attempts_for(request)
    _, created = store.record(quiz, score, snapshot(score, nonce, quiz.shuffle), nonce)
    if not created:
        messages.info(request, gettext("These answers were already checked. Here is your result."))
    elif score.passed and store.is_saved_to_account and not store.passed_before(quiz, nonce):
        quiz_passed.send(sender=QuizPage, request=request, quiz=quiz, user=request.user)
    response = HttpResponseRedirect(quiz.result_url(nonce, request))
    response.status_code = 303  # See Other: the result is a new page, fetched with GET
    return response


def show_result(request, quiz, nonce):
    """One of the learner's own results: score, pass or not, and every question explained."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    record = attempts_for(request).get(quiz, nonce) if NONCE_RE.fullmatch(nonce) else None
    if record is None:
        raise Http404("No such result on this device or account.")
    module = quiz.get_parent()
    next_module = (
        Page.objects.sibling_of(module)
        .type(module.specific_class)
        .live()
        .public()
        .filter(path__gt=module.path)
        .first()
    )
    return _render(
        request,
        quiz,
        "quizzes/quiz_attempt.html",
        {
            "attempt": record,
            "module": module,
            "next_module": next_module if record.passed else None,
            "saved_to_account": request.user.is_authenticated,
            # One learner record across languages: the switcher leads to this same result.
            "alternates_route": ("result", [nonce]),
        },
    )


def preview_answers(request, quiz):
    """Editors' preview: every question with its right answers, feedback and explanation."""
    return _render(request, quiz, "quizzes/quiz_page_answers.html", {"questions": quiz.answer_key(request)})
