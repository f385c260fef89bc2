"""allauth's own words that this site says differently in Spanish.

allauth ships Spanish, partly in the familiar "tú" and partly in Spain's Spanish; this course
speaks to families as "usted" in neutral Latin American Spanish. The strings below are allauth's
msgids, marked here so `makemessages` keeps them in locale/es/LC_MESSAGES/django.po, whose
translations Django prefers to allauth's (LOCALE_PATHS come first). Nothing imports this module.
"""

from django.utils.translation import gettext_noop

ALLAUTH_WORDS = [
    gettext_noop("We've sent a code to %(recipient)s. The code expires shortly, so please enter it soon."),
    gettext_noop("Enter Email Verification Code"),
    gettext_noop("Enter Password Reset Code"),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email address to "
        "register an account on %(site_domain)s."
    ),
    gettext_noop(
        "Your email verification code is listed below. Please enter it in your open browser window."
    ),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing "
        "you to reset it."
    ),
    gettext_noop("Enter your password:"),
]
