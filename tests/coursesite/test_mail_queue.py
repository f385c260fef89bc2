"""Mail that never blocks or disappears (issue 14): messages are queued in the database and
sent by the worker, again and again while the mail server is down, until it answers."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coursesite.mail import queue_mail

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail"]},
}


class FlakySMTP(LocmemBackend):
    """The locmem backend, refusing to connect while `down` is set."""

    down = True

    def send_messages(self, messages):
        if FlakySMTP.down:
            raise smtplib.SMTPServerDisconnected("mail server is down")
        return super().send_messages(messages)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.MAIL_RETRY_DELAYS = [60, 60]
    settings.EMAIL_BACKEND = "tests.coursesite.test_mail_queue.FlakySMTP"
    # (django_tasks resets its backends when TASKS changes.)


def run_worker():
    call_command(
        "db_worker", "--backend=mail", "--queue-name=mail", "--batch", "--no-startup-delay", verbosity=0
    )


@pytest.mark.django_db(transaction=True)
def test_a_message_sent_while_smtp_is_down_is_delivered_once_it_returns(database_queue):
    FlakySMTP.down = True
    queue_mail(mail.EmailMessage("Your code", "ABCD-EFGH", None, ["learner@example.com"]))
    assert mail.outbox == []  # queued, not sent: the page did not wait for the mail server
    run_worker()  # SMTP down: the worker fails, queues a retry
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert DBTaskResult.objects.get(status="READY").run_after > timezone.now()  # waits before trying again
    FlakySMTP.down = False
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # a minute later
    run_worker()
    assert [m.body for m in mail.outbox] == ["ABCD-EFGH"]
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db(transaction=True)
def test_sign_up_does_not_wait_for_the_mail_server(database_queue, client):
    FlakySMTP.down = True
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "display_name": "Robin",
        },
    )
    assert response.status_code == 302  # on to "enter the code", though SMTP is down
    FlakySMTP.down = False
    run_worker()
    assert len(mail.outbox) == 1 and "new@example.com" in mail.outbox[0].to
