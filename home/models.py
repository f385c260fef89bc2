"""Site-level pages (home, safety card, FAQ, plain pages) and site-wide settings."""

from types import SimpleNamespace

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import get_language
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from coursesite.http_cache import cached_fragment

from .blocks import RICH_TEXT_FEATURES, CourseStreamBlock
from .languages import active_locale_id


class KeptViewRestrictions:
    """A page found by routing (HomePage.route) comes from a fragment of the content version
    that also holds its view restrictions (its own and its ancestors'), so Wagtail's check on
    every request (`check_view_restrictions`) reads them from there instead of two queries.
    Restrictions are content: adding or removing one starts a new version. Every other caller
    (the admin's privacy controls) gets Wagtail's query as before."""

    def get_view_restrictions(self):
        kept = self.__dict__.get("_kept_view_restrictions")
        return kept if kept is not None else super().get_view_restrictions()

    def keep_view_restrictions(self):
        self._kept_view_restrictions = list(super().get_view_restrictions().prefetch_related("groups"))
        return self


class HomePage(KeptViewRestrictions, Page):
    """The front page: what the course is and the way in to its modules."""

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Two or three sentences welcoming a worried family member. Plain words.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["lessons.CoursePage", "home.SafetyCardPage", "home.FAQPage", "home.StandardPage"]
    max_count = 1

    def route(self, request, path_components):
        """Wagtail's routing (child by slug, level by level, each page's own `route` honoured),
        with every level of the path fetched in one query instead of two per level, and the
        page at a page's own address kept as a fragment of the content version (pages are
        content: publishing, moving or deleting one starts a new version). Addresses that are
        not a page's own (a quiz's result, a typo) are never kept."""
        if not path_components:
            return super().route(request, path_components)
        page = cached_fragment(
            f"route:{self.pk}:{'/'.join(path_components)}", lambda: self.page_at(path_components), request
        )
        if page is not None:
            return page.route(request, [])
        return self.route_through(request, path_components)

    def page_at(self, path_components):
        """The specific page whose own address this is (its parents linked, for breadcrumbs),
        or None."""
        prefixes = [
            self.url_path + "/".join(path_components[: n + 1]) + "/" for n in range(len(path_components))
        ]
        found = {
            page.url_path: page
            for page in Page.objects.filter(url_path__in=prefixes, path__startswith=self.path).select_related(
                "content_type"
            )
        }
        parent = self
        for prefix in prefixes:
            page = found.get(prefix)
            if page is None or page.depth != parent.depth + 1:
                return None
            page._cached_parent_obj = parent
            parent = page
        page = parent.specific
        page._cached_parent_obj = parent._cached_parent_obj
        return page.keep_view_restrictions() if isinstance(page, KeptViewRestrictions) else page

    @property
    def localized(self):
        """This home page in the reader's language (Wagtail's routing starts there:
        `site.root_page.localized`), from the locale ids and a fragment of the content version
        rather than one or two queries per request. Like Wagtail's: a live translation, else
        this page."""
        locale_id = active_locale_id()
        if locale_id is None or locale_id == self.locale_id:
            return self

        def translation():
            found = HomePage.objects.filter(translation_key=self.translation_key, locale_id=locale_id).live()
            return found.first() or False  # False: kept as "none", unlike None

        return cached_fragment(f"home-translation:{self.pk}:{locale_id}", translation) or self

    def route_through(self, request, path_components):
        """Route level by level to the page that takes the rest of the path (e.g. a quiz's
        result), or raise Http404."""
        prefixes = [
            self.url_path + "/".join(path_components[: n + 1]) + "/" for n in range(len(path_components))
        ]
        found = {
            page.url_path: page
            for page in Page.objects.filter(url_path__in=prefixes, path__startswith=self.path).select_related(
                "content_type"
            )
        }
        parent = self
        for depth, prefix in enumerate(prefixes):
            page = found.get(prefix)
            if page is None or page.depth != parent.depth + 1:
                raise Http404
            page._cached_parent_obj = parent
            remaining = path_components[depth + 1 :]
            if (page.specific_class or Page).route is not Page.route or not remaining:
                # A page with routes of its own (or the page asked for) takes it from here.
                return page.specific.route(request, remaining)
            parent = page
        raise Http404  # not reached: the last prefix always returns above


class SafetyCardPage(KeptViewRestrictions, Page):
    """The one-page printable safety card: seizure first aid, overdose and the crisis lines.

    The site's red "Seizure or overdose?" button lands at the top of the card ("help-now"),
    where a short list links to its two sections: the first 'Numbered steps' block (the seizure
    steps, "seizure-steps") and the first Emergency callout (the overdose steps,
    "overdose-steps")."""

    intro = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence above the card, e.g. 'Print this and keep it on the fridge.'",
    )
    body = StreamField(
        CourseStreamBlock(),
        help_text=(
            "Keep it short enough to print on one sheet. The crisis lines are added automatically. "
            "The site's red 'Seizure or overdose?' button links to the first 'Numbered steps' block "
            "(the seizure steps) and the first Emergency callout (the overdose steps): keep both."
        ),
    )

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    #: Which block is which section, by its type (and a callout's kind): the first of each.
    SECTIONS = {"numbered_steps": "seizure-steps", ("callout", "emergency"): "overdose-steps"}

    def sections(self):
        """The body's blocks as (anchor, block): the anchor a link lands on for the first block
        of each of SECTIONS, else None."""
        found, sections = set(), []
        for block in self.body:
            callout = block.block_type == "callout"
            anchor = self.SECTIONS.get(
                (block.block_type, block.value["kind"]) if callout else block.block_type
            )
            sections.append((None if anchor in found else anchor, block))
            found.add(anchor)
        return sections

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = context["sections"] = self.sections()
        context["section_links"] = [(anchor, block.value["title"]) for anchor, block in sections if anchor]
        return context


class FAQPage(KeptViewRestrictions, Page):
    """Answers to the questions families ask most."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True, help_text="One or two sentences.")
    body = StreamField(
        CourseStreamBlock(),
        help_text="Use 'Question and answer' blocks; end with a Sources block.",
    )

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1


class StandardPage(KeptViewRestrictions, Page):
    """A plain page, e.g. privacy or about."""

    intro = RichTextField(features=RICH_TEXT_FEATURES, blank=True, help_text="One or two sentences.")
    body = StreamField(CourseStreamBlock(), blank=True)

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []


@register_setting(icon="warning")
class CrisisLines(BaseGenericSetting):
    """The crisis and help lines and the medical disclaimer shown on every page."""

    emergency_number = models.CharField(max_length=20, default="911")
    emergency_when = models.CharField(
        max_length=200,
        default="A first seizure, a seizure over 5 minutes, trouble breathing, or someone in danger",
        help_text="When to call the emergency number, in a few words.",
    )
    lifeline_number = models.CharField(max_length=20, default="988")
    lifeline_text = models.CharField(
        max_length=200,
        default="Suicide & Crisis Lifeline: call or text 988, any time. Chat at 988lifeline.org.",
    )
    lifeline_url = models.URLField(default="https://988lifeline.org/")
    samhsa_number = models.CharField(max_length=30, default="1-800-662-4357")
    samhsa_tty = models.CharField(max_length=30, default="1-800-487-4889", blank=True)
    samhsa_text = models.CharField(
        max_length=250,
        default=(
            "SAMHSA National Helpline (1-800-662-HELP): free, private treatment referrals and "
            "information, 24/7, English and Spanish. Not a crisis line."
        ),
    )
    poison_number = models.CharField(max_length=30, default="1-800-222-1222")
    poison_text = models.CharField(
        max_length=200,
        default="Poison Help: free, private, 24/7. Reaches your local poison center.",
    )
    disclaimer = RichTextField(
        features=RICH_TEXT_FEATURES,
        default=(
            "<p>This course is education for families. It does not replace medical advice. "
            "Never stop or change a medicine without the prescriber.</p>"
        ),
        help_text="Shown at the foot of every page.",
    )
    # The Spanish pages' words for the same lines. The numbers above serve both languages, so a
    # corrected number can never stay wrong in one of them.
    emergency_when_es = models.CharField(
        max_length=200,
        default=(
            "Una primera convulsión, una convulsión de más de 5 minutos, dificultad para respirar "
            "o una persona en peligro"
        ),
        help_text="In Spanish: when to call the emergency number.",
    )
    lifeline_text_es = models.CharField(
        max_length=250,
        default=(
            "Línea de Prevención del Suicidio y Crisis: llame al 988 y oprima 2 para español, "
            "o envíe el texto AYUDA al 988. A cualquier hora."
        ),
        help_text="In Spanish. Keep 'oprima 2' and 'AYUDA': they reach the Spanish-speaking counselors.",
    )
    samhsa_text_es = models.CharField(
        max_length=250,
        default=(
            "Línea Nacional de Ayuda de SAMHSA (1-800-662-HELP): referidos a tratamiento e información, "
            "gratis y confidencial, a toda hora, en español. No es una línea de crisis."
        ),
        help_text="In Spanish.",
    )
    poison_text_es = models.CharField(
        max_length=200,
        default=(
            "Poison Help: gratis, confidencial, a toda hora, con intérpretes. Le comunica con su "
            "centro de control de envenenamientos."
        ),
        help_text="In Spanish.",
    )
    disclaimer_es = RichTextField(
        features=RICH_TEXT_FEATURES,
        default=(
            "<p>Este curso es educación para familias. No reemplaza el consejo médico. "
            "Nunca deje ni cambie una medicina sin hablar con quien la receta.</p>"
        ),
        help_text="In Spanish: shown at the foot of every Spanish page.",
    )

    TEXTS = ("emergency_when", "lifeline_text", "samhsa_text", "poison_text", "disclaimer")

    @property
    def localized(self):
        """These lines in the reader's language: the numbers as they are, the words in Spanish
        on Spanish pages (English where a Spanish text was left empty)."""
        language = get_language() or settings.LANGUAGE_CODE
        if language == settings.LANGUAGE_CODE:
            return self
        words = {name: getattr(self, f"{name}_{language}", "") or getattr(self, name) for name in self.TEXTS}
        return SimpleNamespace(
            **{**{f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}, **words}
        )

    panels = [
        HelpPanel(
            content="These lines appear on every page of the site. Check numbers carefully: "
            "a wrong digit can cost a life."
        ),
        MultiFieldPanel([FieldPanel("emergency_number"), FieldPanel("emergency_when")], heading="Emergency"),
        MultiFieldPanel(
            [FieldPanel("lifeline_number"), FieldPanel("lifeline_text"), FieldPanel("lifeline_url")],
            heading="988 Suicide & Crisis Lifeline",
        ),
        MultiFieldPanel(
            [FieldPanel("samhsa_number"), FieldPanel("samhsa_tty"), FieldPanel("samhsa_text")],
            heading="SAMHSA National Helpline",
        ),
        MultiFieldPanel([FieldPanel("poison_number"), FieldPanel("poison_text")], heading="Poison Help"),
        FieldPanel("disclaimer"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content="The same lines on the Spanish pages (/es/). The numbers above serve both."
                ),
                FieldPanel("emergency_when_es"),
                FieldPanel("lifeline_text_es"),
                FieldPanel("samhsa_text_es"),
                FieldPanel("poison_text_es"),
                FieldPanel("disclaimer_es"),
            ],
            heading="En español (Spanish)",
        ),
    ]

    class Meta:
        verbose_name = "Crisis lines and disclaimer"
