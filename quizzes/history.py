"""Where quiz attempts are kept, mirroring lessons.progress:

- a signed-in learner's attempts are QuizAttempt rows (AccountAttempts), every one of them;
- a visitor's attempts are compact records in their session (SessionAttempts), merged into the
  account when they sign up or log in (merge_session_attempts, one of lessons' SESSION_MERGERS).

Both keep the same snapshot of each attempt (see `snapshot`), so a result looks the same
wherever it was kept, and both answer `summaries()` with the same QuizSummary figures.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from home.languages import read_by_source, source_id

from .models import QuizAttempt, QuizPage
from .results import quiz_summaries
from .scoring import verdict
from .submission import NONCE_RE, shown_order
from .summaries import summarize

SESSION_KEY = "quiz_attempts"
# A visitor's session keeps at most this many attempts per quiz: the best one and the latest.
SESSION_ATTEMPTS_PER_QUIZ = 5


def snapshot(score, nonce, shuffle):
    """What the learner saw and chose, question by question, in the order they saw it."""
    questions = []
    for result in score.results:
        question, chosen = result.question, set(result.chosen)
        questions.append(
            {
                "id": question.id,
                "kind": question.kind,
                "scenario": question.scenario,
                "text": question.text,
                "must_know": question.must_know,
                "explanation": question.explanation,
                "lesson": {"title": question.lesson_title, "url": question.lesson_url}
                if question.lesson_url
                else None,
                "chosen": list(result.chosen),
                "correct": result.correct,
                "choices": [
                    {
                        "id": choice.id,
                        "text": choice.text,
                        "correct": choice.correct,
                        "feedback": choice.feedback,
                        "chosen": choice.id in chosen,
                    }
                    for choice in shown_order(question, nonce, shuffle)
                ],
            }
        )
    return questions


# The fields `snapshot` gives each question and each of its answers, with their types.
SNAPSHOT_QUESTION_FIELDS = {"id": str, "text": str, "correct": bool, "choices": list}
SNAPSHOT_CHOICE_FIELDS = {"id": str, "text": str, "correct": bool, "chosen": bool}


def _has_fields(item, fields):
    """True when item is a dict whose fields have the types given ({name: type})."""
    return isinstance(item, dict) and all(isinstance(item.get(name), kind) for name, kind in fields.items())


def is_valid_snapshot(questions):
    """True when a snapshot (e.g. read back from a session) has the shape `snapshot` gives it."""
    if not isinstance(questions, list) or not questions:
        return False
    return all(
        _has_fields(question, SNAPSHOT_QUESTION_FIELDS)
        and all(_has_fields(choice, SNAPSHOT_CHOICE_FIELDS) for choice in question["choices"])
        for question in questions
    )


# Back from the result asks for the quiz page again (it is never kept). Within this time of a
# try the page ticks the answers the learner sent, so Back shows what they chose; a later visit
# (a retake from My learning, another person on a shared phone) starts from a blank form.
BACK_WINDOW = timedelta(minutes=15)


def answers_to_tick(store, quiz, summary, now=None):
    """{question id: [choice ids]} the learner sent in their latest try at `quiz`, when that
    was a moment ago (see BACK_WINDOW), else None. Their own choices only: nothing about which
    were right. `summary`: the learner's QuizSummary of the quiz, which says when they last
    tried, so a first try or a later visit reads no attempt."""
    if summary is None or (now or timezone.now()) - summary.last_attempt_at > BACK_WINDOW:
        return None
    latest = store.latest(quiz)
    if latest is None or not is_valid_snapshot(latest.questions):
        return None
    return chosen_answers(latest.questions)


def chosen_answers(questions):
    """{question id: [choice ids]} the learner chose in an attempt's snapshot: their own answers
    only, to tick them again on the form; nothing about which were right."""
    return {
        question["id"]: [choice["id"] for choice in question["choices"] if choice.get("chosen")]
        for question in questions
    }


@dataclass
class AttemptRecord:
    """One attempt as the results page shows it, wherever it is kept."""

    quiz_id: int
    nonce: str
    score: int
    passed: bool
    must_know_passed: bool
    pass_mark: int
    created_at: datetime
    questions: list = field(default_factory=list)

    @property
    def right(self):
        return sum(1 for question in self.questions if question.get("correct"))

    @property
    def missed_must_know(self):
        return [
            question
            for question in self.questions
            if question.get("must_know") and not question.get("correct")
        ]

    @property
    def verdict(self):
        return verdict(self.score, self.pass_mark, self.passed, len(self.missed_must_know))

    @classmethod
    def from_attempt(cls, attempt):
        return cls(
            quiz_id=attempt.quiz_id,
            nonce=attempt.nonce,
            score=attempt.score,
            passed=attempt.passed,
            must_know_passed=attempt.must_know_passed,
            pass_mark=attempt.pass_mark,
            created_at=attempt.created_at,
            questions=attempt.answers,
        )


class AccountAttempts:
    """Attempts of a signed-in learner: every one is stored."""

    is_saved_to_account = True

    def __init__(self, user):
        self.user = user
        self._passed_before = {}  # (quiz id, nonce) -> passed before it, learned while recording it

    def record(self, quiz, score, snapshot, nonce, now=None):
        """Keep the attempt; returns (record, created). The same nonce twice keeps one attempt."""
        attempt, created = QuizAttempt.objects.record(
            user=self.user,
            quiz=source_quiz(quiz),
            nonce=nonce,
            score=score.score,
            passed=score.passed,
            must_know_passed=score.must_know_passed,
            pass_mark=score.pass_mark,
            snapshot=snapshot,
            created_at=now,
        )
        if created and hasattr(attempt, "passed_before"):  # read by QuizResult.objects.add_attempt
            self._passed_before[attempt.quiz_id, nonce] = attempt.passed_before
        return AttemptRecord.from_attempt(attempt), created

    def passed_before(self, quiz, nonce):
        """Did the learner pass this quiz with an attempt other than this form's? Known without a
        query for an attempt this store has just recorded (its QuizResult row was read then)."""
        known = self._passed_before.get((source_id(quiz.pk), nonce))
        if known is not None:
            return known
        return (
            QuizAttempt.objects.filter(user=self.user, quiz_id=source_id(quiz.pk), passed=True)
            .exclude(nonce=nonce)
            .exists()
        )

    def get(self, quiz, nonce):
        attempt = QuizAttempt.objects.filter(user=self.user, quiz_id=source_id(quiz.pk), nonce=nonce).first()
        return AttemptRecord.from_attempt(attempt) if attempt else None

    def latest(self, quiz):
        """The learner's latest attempt at the quiz (in either language), or None."""
        attempts = QuizAttempt.objects.filter(user=self.user, quiz_id=source_id(quiz.pk))
        attempt = attempts.order_by("-created_at", "-pk").first()
        return AttemptRecord.from_attempt(attempt) if attempt else None

    def summaries(self, quiz_ids):
        """{quiz id: QuizSummary} for the quizzes this learner has tried (a quiz in Spanish
        answers with its English quiz's attempts: one record across languages)."""
        return read_by_source(quiz_ids, self._summaries)

    def _summaries(self, quiz_ids):
        return {
            quiz_id: summary for (_, quiz_id), summary in quiz_summaries([self.user.pk], quiz_ids).items()
        }


class SessionAttempts:
    """Attempts of a visitor, kept in their session until they sign up.

    Each record is compact: quiz id, nonce, score, passed, must-know passed, pass mark, time and
    the answers snapshot. At most SESSION_ATTEMPTS_PER_QUIZ per quiz are kept: the best and the
    latest ones, which is all the dashboard shows.
    """

    is_saved_to_account = False

    def __init__(self, session):
        self.session = session

    def _raw(self):
        records = self.session.get(SESSION_KEY, [])
        return records if isinstance(records, list) else []

    def records(self, quiz_ids=None):
        """The valid records, oldest first; damaged ones are skipped rather than failing a page."""
        wanted = None if quiz_ids is None else {int(pk) for pk in quiz_ids}
        records = []
        for raw in self._raw():
            try:
                record = AttemptRecord(
                    quiz_id=int(raw["quiz"]),
                    nonce=str(raw["nonce"]),
                    score=int(raw["score"]),
                    passed=bool(raw["passed"]),
                    must_know_passed=bool(raw["must_know_passed"]),
                    pass_mark=int(raw["pass_mark"]),
                    created_at=datetime.fromisoformat(raw["at"]),
                    questions=list(raw["answers"]),
                )
            except (KeyError, TypeError, ValueError):
                continue
            if timezone.is_naive(record.created_at):
                record.created_at = timezone.make_aware(record.created_at)
            if not (NONCE_RE.fullmatch(record.nonce) and is_valid_snapshot(record.questions)):
                continue
            if wanted is None or record.quiz_id in wanted:
                records.append(record)
        return records

    def record(self, quiz, score, snapshot, nonce, now=None):
        existing = self.get(quiz, nonce)
        if existing is not None:
            return existing, False
        raw = {
            "quiz": source_id(quiz.pk),
            "nonce": nonce,
            "score": score.score,
            "passed": score.passed,
            "must_know_passed": score.must_know_passed,
            "pass_mark": score.pass_mark,
            "at": (now or timezone.now()).isoformat(),
            "answers": snapshot,
        }
        self.session[SESSION_KEY] = self._trimmed([*self._raw(), raw], raw["quiz"])
        return self.get(quiz, nonce), True

    def _trimmed(self, raws, quiz_id):
        """Keep the best and the latest attempts of the quiz, up to the per-quiz limit."""
        mine = [raw for raw in raws if raw.get("quiz") == quiz_id]
        if len(mine) <= SESSION_ATTEMPTS_PER_QUIZ:
            return raws
        best = max(mine, key=lambda raw: (bool(raw.get("passed")), raw.get("score", 0), raw.get("at", "")))
        latest = [raw for raw in mine if raw is not best][-(SESSION_ATTEMPTS_PER_QUIZ - 1) :]
        keep = {id(best), *map(id, latest)}
        return [raw for raw in raws if raw.get("quiz") != quiz_id or id(raw) in keep]

    def get(self, quiz, nonce):
        return next((r for r in self.records([source_id(quiz.pk)]) if r.nonce == nonce), None)

    def latest(self, quiz):
        return max(self.records([source_id(quiz.pk)]), key=lambda r: r.created_at, default=None)

    def summaries(self, quiz_ids):
        return read_by_source(quiz_ids, self._summaries)

    def _summaries(self, quiz_ids):
        by_quiz = {}
        for record in self.records(quiz_ids):
            by_quiz.setdefault(record.quiz_id, []).append(record)
        return {quiz_id: summarize(records) for quiz_id, records in by_quiz.items()}


def source_quiz(quiz):
    """The English quiz a quiz in another language translates (attempts are kept under it)."""
    english_id = source_id(quiz.pk)
    return quiz if english_id == quiz.pk else QuizPage.objects.defer_streamfields().get(pk=english_id)


def attempts_for(request):
    """The attempt store for whoever is making the request."""
    if request.user.is_authenticated:
        return AccountAttempts(request.user)
    return SessionAttempts(request.session)


def merge_session_attempts(session, user):
    """Carry a visitor's attempts into their account (a SESSION_MERGERS callable).

    Each attempt keeps its time and snapshot. Safe to run twice: an attempt already in the
    account (same quiz and nonce) is not stored again. Returns the number stored.
    """
    records = SessionAttempts(session).records()
    if not records:
        session.pop(SESSION_KEY, None)
        return 0
    quizzes = QuizPage.objects.defer_streamfields().in_bulk({record.quiz_id for record in records})
    merged = 0
    for record in records:
        quiz = quizzes.get(record.quiz_id)
        if quiz is None:  # deleted since: nothing to attach the attempt to
            continue
        _, created = QuizAttempt.objects.record(
            user=user,
            quiz=quiz,
            nonce=record.nonce,
            score=record.score,
            passed=record.passed,
            must_know_passed=record.must_know_passed,
            pass_mark=record.pass_mark,
            snapshot=record.questions,
            created_at=record.created_at,
        )
        merged += int(created)
    session.pop(SESSION_KEY, None)
    return merged
