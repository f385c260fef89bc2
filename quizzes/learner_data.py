"""The learner's quiz attempts in their own data export (lessons.learner_data)."""

from lessons.learner_data import exporter


@exporter("quiz_attempts")
def export_quiz_attempts(user):
    """Every attempt with what the learner saw and chose, oldest first."""
    attempts = user.quiz_attempts.select_related("quiz").order_by("created_at", "pk")
    return [
        {
            "quiz": attempt.quiz_title,
            "url": attempt.quiz.url_path if attempt.quiz else None,
            "taken_at": attempt.created_at.isoformat(),
            "score": attempt.score,
            "pass_mark": attempt.pass_mark,
            "passed": attempt.passed,
            "must_know_passed": attempt.must_know_passed,
            "answers": [
                {
                    "question": question.get("text"),
                    "scenario": question.get("scenario") or None,
                    "must_know": question.get("must_know", False),
                    "chosen": [
                        choice.get("text") for choice in question.get("choices", []) if choice.get("chosen")
                    ],
                    "right": question.get("correct"),
                }
                for question in attempt.answers
            ],
        }
        for attempt in attempts
    ]
