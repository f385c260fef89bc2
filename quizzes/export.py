"""The quiz part of a learner's own data export (accounts.export)."""


def export_for(user, base_url=""):
    """{"quiz_attempts": [...]}, JSON-ready; addresses start with base_url (the site's)."""
    return {"quiz_attempts": _quiz_attempts(user, base_url)}


def _quiz_attempts(user, base_url):
    """Every attempt with what the learner saw and chose, oldest first."""
    attempts = user.quiz_attempts.select_related("quiz").order_by("created_at", "pk")
    return [
        {
            "quiz": attempt.quiz_title,
            "url": base_url + attempt.quiz.get_url() if attempt.quiz else None,
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
