"""Mail that never blocks a page and never disappears: every message the site sends
(verification codes, password resets, account notices, reminders) is put on a queue in the
database and sent by a worker (`manage.py db_worker --backend mail --queue-name mail`, started
by `make run`; see README, "Production").

- Queuing is one row written in the request's own database transaction: a slow or dead mail
  server neither slows nor fails a sign-up, and a reminder and its ReminderSent row are
  committed together.
- The worker sends it; if the mail server refuses or does not answer, the message is queued
  again after a growing wait (settings.MAIL_RETRY_DELAYS), then given up and logged.
- Queued rows hold the message (a sign-in code, a reset link): `manage.py
  prune_db_task_results --backend mail --queue-name mail --min-age-days 1` (daily, README)
  deletes them once done.
"""

import logging
import smtplib
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

logger = logging.getLogger(__name__)

MAIL_BACKEND = "mail"
MAIL_QUEUE = "mail"


def site_name():
    """The site's name in the active language (the default name has its Spanish): what an
    email's subject and sender say. Plain, with no health word in it: an inbox is often seen
    by others."""
    return gettext("Family course") if settings.SITE_NAME == "Family course" else settings.SITE_NAME


def sender(from_email=None):
    """Who a message is from: `from_email`, or the site's address. Where that address is named
    with the site's name ("Family course <...>", the default), the name is given in the
    active language, so a Spanish reminder comes from "Curso para familias"."""
    from_email = from_email or settings.DEFAULT_FROM_EMAIL
    name, address = parseaddr(from_email)
    if from_email == settings.DEFAULT_FROM_EMAIL and name == settings.SITE_NAME and address:
        return formataddr((site_name(), address))
    return from_email


def as_record(message):
    """A message as plain JSON (what the queue can store), in the language active now."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": sender(message.from_email),
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def from_record(record):
    message = EmailMultiAlternatives(
        subject=record["subject"],
        body=record["body"],
        from_email=record["from_email"],
        to=record["to"],
        cc=record["cc"],
        bcc=record["bcc"],
        reply_to=record["reply_to"],
        headers=record["headers"],
        connection=get_connection(fail_silently=False),
    )
    for content, mimetype in record["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def queue_mail(message):
    """Put an EmailMessage on the queue; it is sent by the worker, with retries."""
    return deliver.enqueue(as_record(message), 1)


@task(backend=MAIL_BACKEND, queue_name=MAIL_QUEUE)
def deliver(record, attempt):
    """Send one queued message; on a mail-server failure, queue it again after a wait."""
    try:
        from_record(record).send()
    except (OSError, smtplib.SMTPException) as error:
        delays = settings.MAIL_RETRY_DELAYS
        if attempt > len(delays) or not deliver.get_backend().supports_defer:
            logger.error("Gave up sending a message after %s attempts: %s", attempt, type(error).__name__)
            raise
        wait = timedelta(seconds=delays[attempt - 1])
        logger.warning("Mail server failed (%s); trying again in %s", type(error).__name__, wait)
        deliver.using(run_after=timezone.now() + wait).enqueue(record, attempt + 1)
        return "retry"
    return "sent"
