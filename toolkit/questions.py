"""Questions for the prescriber, drawn from the course. Each says why it matters, in plain words,
with the source of that fact (content brief). None of them suggests an answer or a dose."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    url: str


GUIDELINE = Source(
    _("ASAM guideline, 2025"),
    _("Joint Clinical Practice Guideline on Benzodiazepine Tapering (ASAM and nine other societies)"),
    "https://doi.org/10.1007/s11606-025-09499-2",
)
PATIENT_GUIDE = Source(
    _("ASAM patient guide, 2025"), _("Benzodiazepine Tapering: Patient Guide"), "https://www.asam.org/"
)
LABEL = Source(
    _("Klonopin prescribing information"),
    _("Klonopin (clonazepam) prescribing information, DailyMed"),
    "https://dailymed.nlm.nih.gov/dailymed/search.cfm?labeltype=all&query=klonopin",
)
FDA_2016 = Source(
    "FDA, 2016",
    _("FDA Drug Safety Communication: opioid and benzodiazepine boxed warning (31 August 2016)"),
    "https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-communication-fda-warns-about-serious-risks-and-death-when-combining-opioid-pain-or",
)
EPILEPSY_FOUNDATION = Source(
    "Epilepsy Foundation", _("Seizure First Aid: Stay, Safe, Side"), "https://www.epilepsy.com/"
)
LIFELINE = Source("988 Lifeline", _("988 Suicide & Crisis Lifeline"), "https://988lifeline.org/")


@dataclass(frozen=True)
class Question:
    key: str
    question: str
    why: str
    sources: tuple


QUESTIONS = [
    Question(
        "now",
        _("Is tapering right for them now? Or is it better to wait, or to stay on a lower dose?"),
        _(
            "The taper is planned together by the person, the prescriber and, if the person wants, the "
            "family. Some people do best staying on a lower dose."
        ),
        (GUIDELINE,),
    ),
    Question(
        "pace",
        _("How fast will the taper go, and how will we decide when the next cut happens?"),
        _(
            "The pace is set for each person. A taper can take a few months to more than a year, and pauses "
            "are normal."
        ),
        (GUIDELINE, PATIENT_GUIDE),
    ),
    Question(
        "worse",
        _("What should we do if symptoms get worse after a cut?"),
        _(
            "Symptoms can take up to a week to show after a cut. If they get strong, the prescriber may "
            "pause or slow the taper."
        ),
        (PATIENT_GUIDE, GUIDELINE),
    ),
    Question(
        "after_hours",
        _("Whom do we call at night or at the weekend?"),
        _(
            "If doses are missed or run out, call the prescriber the same day. After hours, or with "
            "confusion, hallucinations or a seizure, call 911 or go to the emergency room."
        ),
        (LABEL, GUIDELINE),
    ),
    Question(
        "rescue",
        _("Should there be a rescue medicine for seizures? If so, when and how do we give it?"),
        _("Give rescue medicine only if a clinician prescribed it, and only as they said."),
        (EPILEPSY_FOUNDATION,),
    ),
    Question(
        "other_medicines",
        _("Which other medicines, alcohol or drugs are risky with clonazepam?"),
        _(
            "Mixing clonazepam with opioids, alcohol or other sedating medicines can slow or stop breathing. "
            "Bring a list of every medicine they take."
        ),
        (LABEL, FDA_2016),
    ),
    Question(
        "watch",
        _("What signs should we watch for? Which ones mean we call you, 911 or 988?"),
        _(
            "Serious signs include thoughts of suicide, seizures, confusion and seeing or hearing things "
            "that are not there. Anyone can call or text 988 about a loved one."
        ),
        (GUIDELINE, LIFELINE),
    ),
    Question(
        "therapy",
        _("Could talk therapy such as CBT help with sleep and worry during the taper?"),
        _("Cognitive behavioral therapy (CBT) helps with anxiety and sleep during and after a taper."),
        (GUIDELINE,),
    ),
]


def sources_of(questions):
    """The sources the given questions cite, each once, in order of first use."""
    return list(dict.fromkeys(source for question in questions for source in question.sources))
