"""Build the course from the YAML files in lessons/content/, idempotently.

Each page is found by its slug under its parent and created when missing. Existing pages are
left alone, so editors' changes survive `make run`; with update=True (load_course --update) a
page whose stored content differs from the files gets a new published revision. Either way,
running the loader twice changes nothing.

Glossary terms are loaded the same way (missing ones created, existing ones left alone unless
update=True). The editorial set-up that needs pages to exist is done here too, because the
pages do not exist yet when migrations run: site admins' rights on the home page, and editors'
rights and the "Clinical review" workflow on the course (see lessons.editorial).
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail import blocks
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from coursesite.task_batches import batched_tasks
from home.blocks import CourseStreamBlock
from home.models import CrisisLines, FAQPage, HomePage, SafetyCardPage, StandardPage
from quizzes.loader import quiz_page_fields
from quizzes.models import QuizPage

from . import editorial
from .content_files import read_yaml
from .edition import SpanishEdition
from .models import CoursePage, GlossaryTerm, LessonPage, ModulePage

CONTENT_DIR = Path(__file__).resolve().parent / "content"
STREAM_BLOCK = CourseStreamBlock()


@dataclass
class LoadReport:
    """What a load did, page by page."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    editions: list = field(default_factory=list)  # lessons.edition.EditionReport, one per language

    @property
    def changed(self):
        return bool(self.created or self.updated or any(edition.translated for edition in self.editions))

    def __str__(self):
        text = f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        return "; ".join([text, *(str(edition) for edition in self.editions)])


def _strip_ids(value):
    """Block data without the random ids Wagtail gives each block, for comparing content."""
    if isinstance(value, dict):
        return {key: _strip_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_strip_ids(item) for item in value]
    return value


def stream_data(blocks):
    """Normalised stream data for a list of {block_type: value} items from a content file."""
    raw = []
    for item in blocks:
        ((block_type, value),) = item.items()
        raw.append({"type": block_type, "value": value})
    value = STREAM_BLOCK.to_python(raw)
    # Read every block, so lists are stored in Wagtail's current form (each item with an id),
    # the form wagtail-localize needs to translate them item by item; an optional text a file
    # leaves out is stored empty, as the admin's form stores it.
    for child in value:
        _blank_missing_text(child.block, child.value)
    return STREAM_BLOCK.get_prep_value(value)


def _blank_missing_text(block, value):
    if isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            if value.get(name) is None and isinstance(child_block, blocks.CharBlock | blocks.TextBlock):
                value[name] = ""
            elif value.get(name) is not None:
                _blank_missing_text(child_block, value[name])
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            _blank_missing_text(block.child_block, item)


def sources_block(keys, sources):
    """A Sources block listing the given source keys, in the order given."""
    missing = [key for key in keys if key not in sources]
    if missing:
        raise ValueError(f"Unknown source keys: {', '.join(missing)}")
    items = [
        {
            "cite": sources[key].get("cite", ""),
            "title": sources[key]["title"],
            "organisation": sources[key]["organisation"],
            "year": sources[key].get("year"),
            "url": sources[key].get("url", ""),
        }
        for key in keys
    ]
    return {"sources": {"title": "Sources", "items": items}}


def ensure_tree_root():
    """The page tree's root (and default locale), created if the database has none."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node()
    if root is None:  # an empty database, e.g. after a flush
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


PLACEHOLDER_ADDRESS = ("localhost", 80)


def site_address():
    """(hostname, port) of settings.WAGTAILADMIN_BASE_URL, the site's public address."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


class CourseLoader:
    """Loads the content files into the page tree. With translate=False, the English site only:
    the translations (three quarters of a load's time) are left as they are, e.g. for tests of
    what a load does that are not about the Spanish edition."""

    def __init__(self, content_dir=CONTENT_DIR, update=False, translate=True):
        self.content_dir = Path(content_dir)
        self.update = update
        self.translate = translate
        self.report = LoadReport()

    def read(self, name):
        return read_yaml(self.content_dir / name)

    def module_files(self):
        return sorted((self.content_dir / "modules").glob("*.yaml"))

    @transaction.atomic
    def load(self):
        """Load everything, in one transaction. The search and reference index are brought up
        to date once per object at the end, not after each of its saves."""
        with batched_tasks():
            return self._load()

    def _load(self):
        data = self.read("course.yaml")
        pages = self.read("pages.yaml")
        self.sources = data["sources"]
        home = self.ensure_home(pages["home"])
        course = self.upsert(
            home,
            CoursePage,
            data["course"]["slug"],
            title=data["course"]["title"],
            intro=data["course"]["intro"],
            estimated_minutes=data["course"]["estimated_minutes"],
        )
        editorial.ensure_roles()
        editorial.attach_site(home)
        editorial.attach_course(course)
        for path in self.module_files():
            self.load_module(course, read_yaml(path))
        self.load_site_pages(home, data, pages)
        self.load_glossary(data.get("glossary", []))
        self.load_crisis_lines(data.get("crisis_lines", {}))
        if self.translate:
            self.report.editions.append(SpanishEdition(self.content_dir, update=self.update).load(home))
        return self.report

    def load_crisis_lines(self, fields):
        """With update=True, set the site-wide crisis lines named in the file (e.g. when to call
        911); otherwise leave editors' settings alone (a new site starts from the model's defaults)."""
        if not fields:
            return
        lines = CrisisLines.load()
        if self.update and any(getattr(lines, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(lines, name, value)
            lines.save()
            self.report.updated.append("crisis lines")
        else:
            self.report.unchanged.append("crisis lines")

    def load_glossary(self, items):
        """Create missing glossary terms (matched by term, ignoring case); update=True also
        rewrites the definitions and other forms of existing ones from the file."""
        for item in items:
            fields = {
                "definition": item["definition"],
                "other_forms": ", ".join(item.get("other_forms", [])),
            }
            label = f"glossary: {item['term']}"
            english = Locale.get_default()
            term = GlossaryTerm.objects.filter(term__iexact=item["term"], locale=english).first()
            if term is None:
                GlossaryTerm.objects.create(term=item["term"], locale=english, **fields)
                self.report.created.append(label)
            elif self.update and any(getattr(term, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(term, name, value)
                term.save()
                self.report.updated.append(label)
            else:
                self.report.unchanged.append(label)

    def load_module(self, course, module_data):
        module = self.upsert(
            course,
            ModulePage,
            module_data["slug"],
            title=module_data["title"],
            summary=module_data["summary"],
        )
        for lesson in module_data["lessons"]:
            body = list(lesson["body"]) + [sources_block(lesson["sources"], self.sources)]
            self.upsert(
                module,
                LessonPage,
                lesson["slug"],
                title=lesson["title"],
                summary=lesson["summary"],
                estimated_minutes=lesson["estimated_minutes"],
                body=stream_data(body),
            )
        if module_data.get("quiz"):
            self.load_quiz(module, module_data["quiz"])
        return module

    def load_quiz(self, module, quiz_data):
        """The module's quiz, after its lessons (its questions link to them)."""
        slug = quiz_data.get("slug", "quiz")
        existing = QuizPage.objects.child_of(module).filter(slug=slug).first()
        if existing is not None and not self.update:
            self.report.unchanged.append(existing.url_path)
            return existing
        return self.upsert(module, QuizPage, slug, **quiz_page_fields(quiz_data, module, existing))

    def load_site_pages(self, home, data, pages):
        faq = data["faq"]
        faq_body = [
            {"faq_item": {"question": item["question"], "answer": item["answer"]}} for item in faq["items"]
        ]
        faq_keys = list(dict.fromkeys(key for item in faq["items"] for key in item.get("sources", [])))
        self.upsert(
            home,
            FAQPage,
            "faq",
            title=faq["title"],
            intro=faq.get("intro", ""),
            body=stream_data(faq_body + [sources_block(faq_keys, self.sources)]),
        )
        safety = data["safety"]
        self.upsert(
            home,
            SafetyCardPage,
            "safety",
            title=safety["title"],
            intro=safety.get("intro", ""),
            body=stream_data(list(safety["body"]) + [sources_block(safety["sources"], self.sources)]),
        )
        for page in pages.get("standard_pages", []):
            self.upsert(
                home,
                StandardPage,
                page["slug"],
                title=page["title"],
                intro=page.get("intro", ""),
                body=stream_data(page.get("body", [])),
            )

    def ensure_home(self, home_data):
        """Make a HomePage the default site's root, replacing Wagtail's welcome page."""
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        if root is None:  # an empty database (e.g. after a flush): build the tree root first
            Locale.objects.get_or_create(
                language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
            )
            root = Page.add_root(instance=Page(title="Root", slug="root"))
        if home is None:
            for placeholder in root.get_children().filter(slug="home", numchild=0):
                if placeholder.specific_class is Page:
                    placeholder.delete()
            home = root.add_child(
                instance=HomePage(title=home_data["title"], slug="home", intro=home_data["intro"])
            )
            home.save_revision().publish()
            self.report.created.append(home.title)
        else:
            self.apply(home, {"title": home_data["title"], "intro": home_data["intro"]})
        hostname, port = site_address()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Family course"
            )
        elif site.root_page_id != home.id or (site.hostname, site.port) == PLACEHOLDER_ADDRESS:
            # The site's real address (the sitemap's, the emails' links), unless set by hand.
            site.root_page = home
            if (site.hostname, site.port) == PLACEHOLDER_ADDRESS:
                site.hostname, site.port = hostname, port
            site.save()
        return home

    def upsert(self, parent, page_class, slug, **fields):
        page = page_class.objects.child_of(parent).filter(slug=slug).first()
        if page is None:
            page = page_class(slug=slug, **fields)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.report.created.append(page.url_path)
            return page
        self.apply(page, fields)
        return page

    def apply(self, page, fields):
        """In update mode, set the fields that differ and publish only when something changed."""
        if not self.update:
            self.report.unchanged.append(page.url_path)
            return
        changed = False
        for name, value in fields.items():
            current = getattr(page, name)
            if name == "body" or hasattr(current, "stream_block"):
                current_data = _strip_ids(current.stream_block.get_prep_value(current))
                if current_data != _strip_ids(value):
                    setattr(page, name, value)
                    changed = True
            elif current != value:
                setattr(page, name, value)
                changed = True
        if changed:
            page.save_revision().publish()
            self.report.updated.append(page.url_path)
        else:
            self.report.unchanged.append(page.url_path)
