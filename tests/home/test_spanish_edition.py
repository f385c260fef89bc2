"""Issue 19: the Spanish edition. The course under /es/ (translated with wagtail-localize from
lessons/content/es/), the switcher and hreflang, crisis lines in Spanish, one learner record
across the two languages, and no English left in a Spanish page's main content or navigation."""

import re
from html.parser import HTMLParser

import pytest
import textstat
from wagtail.models import Locale, Page

from lessons.models import Certificate, CoursePage, LessonPage, LessonProgress
from quizzes.models import QuizAttempt, QuizPage
from quizzes.submission import new_nonce

pytestmark = pytest.mark.django_db


def spanish(page):
    return page.get_translation(Locale.objects.get(language_code="es")).specific


def english_lessons():
    return list(LessonPage.objects.filter(locale__language_code="en").order_by("path"))


class Texts(HTMLParser):
    """The visible text nodes inside <main> and <nav> elements, and the page's <html lang>."""

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.texts, self.lang = 0, 0, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("main", "nav"):
            self.depth += 1
        if tag in ("script", "style") or "hidden" in attrs:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("main", "nav"):
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        text = " ".join(data.split())
        if self.depth and not self.skip and text:
            self.texts.append(text)


def texts_of(response):
    parser = Texts()
    parser.feed(response.content.decode())
    return parser


# Words that are the same in both languages: names, numbers and signs.
SAME_IN_BOTH = re.compile(
    r"^([\d\s.,:;()%/+#–—-]*|Klonopin|clonazepam|GABA|988|911|SAMHSA|FDA|CDC|TTY|English|Español|"
    r"Poison Help|.*@.*|[^\w]*)$",
    re.I,
)


def test_the_whole_course_is_served_in_spanish_under_es(client, seeded_site):
    english = Page.objects.filter(locale__language_code="en", depth__gt=1).live().count()
    translated = Page.objects.filter(locale__language_code="es", depth__gt=1).live()
    assert translated.count() == english > 30
    for page in translated.specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.url.startswith("/es/")
        assert texts_of(response).lang == "es", page.url
    home = client.get("/es/")
    assert home.status_code == 200 and texts_of(home).lang == "es"
    assert texts_of(client.get("/")).lang == "en"


def test_links_in_spanish_content_lead_to_spanish_addresses_that_answer(client, seeded_site):
    """Content links to the site's own views ("/tools/diary/") lead to their Spanish address
    ("/es/herramientas/diario/"): after the Spanish edition's paths were translated, they led to
    the English toolkit (found in a 375 px trial)."""
    links = set()
    for page in Page.objects.filter(locale__language_code="es", depth__gt=2).live():
        html = client.get(page.url).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        links |= {href for href in re.findall(r'href="(/[^"#?]*)', main) if not href.startswith("/static/")}
    assert "/es/herramientas/diario/" in links and "/es/herramientas/preguntas/" in links
    assert sorted(href for href in links if not href.startswith("/es/")) == []
    answers = {href: client.get(href).status_code for href in links}
    assert {href: status for href, status in answers.items() if status >= 400} == {}


def test_the_spanish_privacy_page_has_a_spanish_address(client, seeded_site):
    footer = client.get("/es/").content.decode()
    assert 'href="/es/privacidad/"' in footer and "/es/privacy/" not in footer  # a trial's finding
    assert client.get("/es/privacidad/").status_code == 200


def test_the_switcher_and_hreflang_lead_to_the_same_lesson_in_the_other_language(client, seeded_site):
    lesson = english_lessons()[1]
    translated = spanish(lesson)
    english_page = client.get(lesson.url).content.decode()
    spanish_page = client.get(translated.url).content.decode()
    assert f'hreflang="es" href="http://testserver{translated.url}"' in english_page
    assert f'hreflang="en" href="http://testserver{lesson.url}"' in spanish_page
    assert f'<a href="{translated.url}" hreflang="es" lang="es">Español</a>' in english_page
    assert f'<a href="{lesson.url}" hreflang="en" lang="en">English</a>' in spanish_page
    # Pages that are not Wagtail pages switch by address.
    assert 'hreflang="es" href="http://testserver/es/herramientas/"' in client.get("/tools/").content.decode()


def test_no_redirect_by_the_browsers_language_only_a_hidden_one_line_offer(client, seeded_site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert response.status_code == 200
    assert texts_of(response).lang == "en"
    assert 'data-language-suggestion="es"' in response.content.decode()


def test_one_language_is_never_served_for_the_other_from_the_page_cache(client, seeded_site):
    lesson = english_lessons()[0]
    for _ in range(2):  # the second round is served from the shared copies
        assert texts_of(client.get(lesson.url)).lang == "en"
        assert texts_of(client.get(spanish(lesson).url)).lang == "es"


def test_crisis_lines_in_spanish_on_every_spanish_page(client, seeded_site):
    for url in ("/es/", spanish(english_lessons()[0]).url, "/es/herramientas/", "/es/accounts/login/"):
        page = client.get(url).content.decode()
        assert "oprima 2" in page and "AYUDA" in page, url
        assert 'href="tel:+18006624357"' in page and 'href="tel:+18002221222"' in page, url
        assert 'href="tel:911"' in page


def test_a_lesson_done_in_either_language_counts_once(client, seeded_site, learner):
    client.force_login(learner)
    first, second = english_lessons()[:2]
    client.post(f"/progress/lessons/{first.pk}/complete/")
    client.post(f"/progress/lessons/{spanish(first).pk}/complete/")  # the same lesson again
    client.post(f"/progress/lessons/{spanish(second).pk}/complete/")
    rows = LessonProgress.objects.filter(user=learner, completed_at__isnull=False)
    assert sorted(rows.values_list("lesson_id", flat=True)) == sorted([first.pk, second.pk])
    # Both languages' pages show both lessons done.
    for lesson in (second, spanish(second)):
        module = lesson.get_parent().specific
        assert module.url and client.get(module.url).status_code == 200
    # My learning in Spanish picks up at the next lesson, in Spanish, with two lessons done.
    dashboard = client.get("/es/mi-aprendizaje/").content.decode()
    third = english_lessons()[2]
    assert spanish(third).title in dashboard and third.title not in dashboard


def test_a_quiz_passed_in_spanish_counts_for_the_module_and_the_certificate_is_one(
    client, seeded_site, learner
):
    client.force_login(learner)
    course = CoursePage.objects.get(locale__language_code="en")
    for lesson in LessonPage.objects.descendant_of(course).live():
        client.post(f"/progress/lessons/{lesson.pk}/complete/")
    for quiz in QuizPage.objects.descendant_of(course).live():
        translated = spanish(quiz)
        data = {"nonce": new_nonce()}
        for question in translated.answer_key():
            data[f"q-{question.id}"] = sorted(question.right_choice_ids)
        response = client.post(translated.url, data)
        assert response.status_code == 303  # to the result page, at a Spanish address
        assert response["Location"].startswith(f"{translated.url}resultados/")
    attempts = QuizAttempt.objects.filter(user=learner)
    assert set(attempts.values_list("quiz__locale__language_code", flat=True)) == {"en"}
    assert attempts.filter(passed=True).count() == QuizPage.objects.descendant_of(course).live().count()
    assert list(Certificate.objects.filter(user=learner).values_list("course_id", flat=True)) == [course.pk]


def test_no_english_left_in_the_main_content_or_navigation_of_spanish_pages(client, seeded_site, learner):
    lesson = english_lessons()[0]
    quiz = QuizPage.objects.filter(locale__language_code="en").first()
    pairs = [(lesson.url, spanish(lesson).url), (quiz.url, spanish(quiz).url)]
    pairs += [
        (url, f"/es{url}") for url in ("/", "/tools/", "/glossary/", "/accounts/login/", "/accounts/signup/")
    ]
    pairs += [
        (page.url, spanish(page).url) for page in Page.objects.filter(depth=3, locale__language_code="en")
    ]
    left = {}
    for signed_in in (False, True):
        if signed_in:
            client.force_login(learner)
            pairs += [("/dashboard/", "/es/mi-aprendizaje/")]
        for english_url, spanish_url in pairs:
            english_texts = set(texts_of(client.get(english_url)).texts)
            same = [
                text
                for text in texts_of(client.get(spanish_url)).texts
                if text in english_texts and not SAME_IN_BOTH.match(text)
            ]
            if same:
                left[spanish_url] = same
    assert left == {}


def test_each_spanish_lesson_is_easy_to_read(seeded_site):
    textstat.set_lang("es")
    scores = {}
    for lesson in LessonPage.objects.filter(locale__language_code="es"):
        text = " ".join(
            re.sub(r"<[^>]+>", " ", str(block.render()))
            for block in lesson.body
            if block.block_type != "sources"
        )
        scores[lesson.slug] = textstat.fernandez_huerta(text)
    assert len(scores) == len(english_lessons())
    assert {slug: score for slug, score in scores.items() if score < 70} == {}


def test_a_translation_is_flagged_out_of_date_when_its_english_page_changes(
    client, seeded_site, django_user_model
):
    from wagtail_localize.models import TranslationSource

    from home.languages import translation_behind

    lesson = english_lessons()[0]
    translated = spanish(lesson)
    assert translation_behind(translated) is None
    lesson.summary = "A changed summary."
    lesson.save_revision()
    assert translation_behind(translated) is not None
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.com", "x"))
    dashboard = client.get("/admin/").content.decode()
    assert "data-translations-behind" in dashboard and translated.title in dashboard
    assert f"/admin/pages/{translated.pk}/edit/" in dashboard
    # "Sync translated pages" takes the new text: the flag goes.
    TranslationSource.objects.get(object_id=lesson.translation_key, locale=lesson.locale).update_from_db()
    assert translation_behind(translated) is None
    assert "data-translations-behind" not in client.get("/admin/").content.decode()


def test_spanish_search_finds_spanish_lessons_only(client, seeded_site):
    spanish_page = client.get("/es/buscar/", {"q": "convulsión"}).content.decode()
    english_page = client.get("/search/", {"q": "seizure"}).content.decode()
    assert "/es/abstinencia-de-klonopin/" in spanish_page
    assert "/es/" not in english_page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_switcher_keeps_the_search_words_and_hreflang_names_the_page_alone(client, seeded_site):
    page = client.get("/search/", {"q": "seizure help"}).content.decode()
    assert '<a href="/es/buscar/?q=seizure+help" hreflang="es" lang="es">Español</a>' in page
    assert 'hreflang="es" href="http://testserver/es/buscar/">' in page


def test_a_learner_chooses_the_language_of_their_emails(client, seeded_site, learner):
    client.force_login(learner)
    assert learner.email_language == "en"
    client.post("/es/mi-aprendizaje/recordatorios/", {"email_reminders": "on", "email_language": "es"})
    learner.refresh_from_db()
    assert learner.email_language == "es" and learner.email_reminders
    client.post("/dashboard/reminders/", {"email_reminders": "on", "email_language": "xx"})
    learner.refresh_from_db()
    assert learner.email_language == "es"  # an unknown language changes nothing


def test_every_interface_string_has_its_spanish():
    """The catalogue in the repository: no string waiting for a translation, none fuzzy."""
    import polib
    from django.conf import settings

    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    waiting = [entry.msgid for entry in catalogue.untranslated_entries()]
    waiting += [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert waiting == []
    assert len(catalogue) > 700


def test_the_seizure_memory_aid_is_worded_one_way_in_spanish(client, seeded_site):
    """'Quédese, Protéjala, De lado' in the lesson, 'Seguro' in its picture's words and 'quédese,
    protéjala, póngala de lado' on the safety card: three wordings of one memory aid (found in a
    375 px trial). Every Spanish list of its steps, and each heading that names it, says it the
    same way."""
    from home.models import SafetyCardPage

    pages = [
        *LessonPage.objects.filter(locale__language_code="es"),
        *SafetyCardPage.objects.filter(locale__language_code="es"),
    ]
    step_titles = []
    for page in pages:
        for block in page.body:
            if block.block_type == "numbered_steps" and block.value["steps"][0]["title"] == "Quédese":
                step_titles.append([step["title"] for step in block.value["steps"]])
    assert len(step_titles) >= 2 and all(
        titles == ["Quédese", "Protéjala", "De lado"] for titles in step_titles
    )
    client.post("/es/herramientas/plan-de-seguridad/editar/", {"first_name": "Sam"})  # a plan to show
    for url in (
        spanish(SafetyCardPage.objects.get(locale__language_code="en")).url,
        "/es/herramientas/plan-de-seguridad/",
    ):
        html = client.get(url).content.decode()
        assert "Quédese, Protéjala, De lado" in html and "protéjala, póngala" not in html, url
    assert "<b>Seguro:</b>" not in " ".join(str(page.body) for page in pages)


def test_every_citation_in_a_spanish_lesson_is_in_its_sources_list(seeded_site):
    """As tests/lessons/test_course_content.py checks the English: each citation's short name
    (in Spanish, e.g. "(Guía de la ASAM, 2025)") is in the lesson's own Sources list."""
    import yaml

    from lessons.loader import CONTENT_DIR
    from tests.lessons.test_course_content import BRACKETS, YEAR, page_cites, page_text

    spanish_cites = {
        source["cite"]
        for source in yaml.safe_load((CONTENT_DIR / "es" / "course.yaml").read_text())["sources"].values()
    }
    checked, unmatched = 0, {}
    for lesson in LessonPage.objects.filter(locale__language_code="es"):
        cites = page_cites(lesson.body)
        assert cites <= spanish_cites, lesson.slug  # the Sources list itself speaks Spanish
        for group in BRACKETS.findall(" ".join(page_text(lesson.body).split())):
            names = [name.strip() for name in group.split(";")]
            if any(name in spanish_cites or YEAR.search(name) for name in names):
                checked += 1
                if missing := [name for name in names if name not in cites]:
                    unmatched[lesson.slug] = missing
    assert checked > 40 and unmatched == {}


def test_an_assignment_finished_shows_as_done_on_the_spanish_my_learning(client, seeded_site, learner):
    """Assignments are kept under the English module, like all progress: on the Spanish My
    learning a finished assigned module is "Terminado" (not overdue: un módulo, masculine), the
    same word as on its module card, and links to the Spanish module, whose finished lessons
    are each "Terminada" (una lección)."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from circles.models import Assignment, CareCircle, CircleMembership
    from lessons.models import ModulePage
    from tests.factories import UserFactory

    counselor = UserFactory(username="casey", display_name="Casey")
    counselor.groups.add(Group.objects.get_or_create(name="Counselors")[0])
    circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
    CircleMembership.objects.create(circle=circle, user=learner)
    course = CoursePage.objects.get(locale__language_code="en")
    done, not_done = list(ModulePage.objects.child_of(course).order_by("path"))[:2]
    yesterday = timezone.localdate() - timedelta(days=1)
    for module in (done, not_done):
        Assignment.objects.create(circle=circle, module=module, due_date=yesterday)
    client.force_login(learner)
    for lesson in LessonPage.objects.child_of(done).live():
        client.post(f"/progress/lessons/{lesson.pk}/complete/")
    quiz = QuizPage.objects.child_of(done).live().first()
    if quiz is not None:
        data = {"nonce": new_nonce()}
        for question in quiz.answer_key():
            data[f"q-{question.id}"] = sorted(question.right_choice_ids)
        assert client.post(quiz.url, data).status_code == 303

    html = client.get("/es/mi-aprendizaje/").content.decode()
    items = re.findall(r'<li class="assignment[^"]*">.*?</li>', html, re.S)
    by_link = {re.search(r'href="([^"]+)"', item).group(1): item for item in items}
    done_item, other_item = by_link[spanish(done).url], by_link[spanish(not_done).url]
    assert (
        "assignment--overdue" not in done_item and "Terminado" in done_item and "Terminada" not in done_item
    )
    assert "assignment--overdue" in other_item
    # The module's card further down says the same word as its assignment (it said "Completado").
    cards = re.findall(r'<li class="module-progress[^"]*">.*?</li>', html, re.S)
    done_card = next(card for card in cards if f'href="{spanish(done).url}"' in card)
    assert re.findall(r'badge--complete">([^<]+)<', done_card) == ["Terminado"]
    assert "Completado" not in html
    english = client.get("/dashboard/").content.decode()
    assert set(re.findall(r'badge--complete">([^<]+)<', english)) == {"Done"}
    module_page = client.get(spanish(done).url).content.decode()
    states = re.findall(r'lesson-state--done">.*?</span>\s*(\w+)</span>', module_page)
    assert "Terminada" in states and "Terminado" not in states


def test_the_counselor_assigns_each_module_once_and_a_spanish_module_id_is_refused(client, seeded_site):
    """Assignments are kept under the English module: the form offers the English modules only
    (the Spanish copies listed as well were assignments no progress could ever complete)."""
    from django.contrib.auth.models import Group

    from circles.models import Assignment, CareCircle
    from lessons.models import ModulePage
    from tests.factories import UserFactory

    counselor = UserFactory(username="casey", display_name="Casey")
    counselor.groups.add(Group.objects.get_or_create(name="Counselors")[0])
    circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
    client.force_login(counselor)
    english = list(ModulePage.objects.filter(locale__language_code="en").live().order_by("path"))
    spanish_module = spanish(english[0])
    form = client.get(f"/counselor/circles/{circle.pk}/assign/").content.decode()
    assert all(f'value="{module.pk}"' in form for module in english)
    assert f'value="{spanish_module.pk}"' not in form and spanish_module.title not in form

    refused = client.post(f"/counselor/circles/{circle.pk}/assign/", {"modules": [spanish_module.pk]})
    assert refused.status_code == 400 and not Assignment.objects.exists()
    accepted = client.post(f"/counselor/circles/{circle.pk}/assign/", {"modules": [english[0].pk]})
    assert accepted.status_code == 302
    assert list(Assignment.objects.values_list("module_id", flat=True)) == [english[0].pk]


def test_a_source_cited_inside_a_spanish_sentence_is_cited_in_spanish():
    """A source's name has its own translation (e.g. "ASAM patient guide, 2025"); a sentence
    that cites it in parentheses must cite that translation, not the English name."""
    import polib
    from django.conf import settings

    catalogue = polib.pofile(str(settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    names = {e.msgid: e.msgstr for e in catalogue if e.msgstr and e.msgstr != e.msgid and "," in e.msgid}
    left_in_english = [
        (name, entry.msgstr)
        for entry in catalogue
        if entry.msgstr
        for name in names
        if f"({name})" in entry.msgid and name in entry.msgstr
    ]
    assert left_in_english == []
