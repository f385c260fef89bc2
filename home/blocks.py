"""The StreamField block library shared by lessons, the FAQ and the safety card.

Every block has its own template in templates/blocks/ and a preview for the editor's picker.
"""

from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Its anchor lets quizzes and other pages link to the section."""

    text = blocks.CharBlock(max_length=120, help_text="Short and plain: say what the section is about.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (level 2)"), ("h3", "Sub-section (level 3)")],
        default="h2",
        help_text="Use level 2 for sections; level 3 only inside a level 2 section.",
        search_index=False,  # the page's words only: search finds no "Section (level 2)"
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Optional link name, e.g. 'stay-safe-side'. Left empty, it is made from the text.",
        search_index=False,  # a link name ("call-911-list") is no words to find or to show
    )

    def clean(self, value):
        value = super().clean(value)
        value["anchor"] = slugify(value.get("anchor") or value.get("text"))
        return value

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = "Heading"
        preview_value = {"text": "What to do during a seizure", "level": "h2", "anchor": "during"}
        description = "A section heading that readers and quizzes can link to."


class ParagraphBlock(blocks.RichTextBlock):
    """Plain rich text: paragraphs, bold, italic, lists and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = "Text"
        preview_value = "<p>Short sentences and everyday words help a worried reader.</p>"
        description = "Paragraphs of text with simple formatting."


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, a key fact, a warning or an emergency instruction."""

    KINDS = [
        ("tip", "Tip"),
        ("fact", "Key fact"),
        ("taper", "Taper or dose fact"),
        ("warning", "Warning"),
        ("emergency", "Emergency"),
    ]
    #: Kinds that carry safety information: a lesson with one of these needs a Sources block.
    SAFETY_KINDS = {"taper": "Taper or dose fact", "warning": "Warning", "emergency": "Emergency"}
    kind = blocks.ChoiceBlock(
        choices=KINDS,
        default="fact",
        help_text=(
            "Emergency is for what to do when someone is in danger; use it sparingly. Use 'Taper or "
            "dose fact' for any fact about lowering or changing a dose. Emergency, Warning and Taper "
            "callouts are safety information: the lesson then needs a Sources block to be published."
        ),
        search_index=False,
    )
    title = blocks.CharBlock(max_length=120, help_text="A few words, e.g. 'Never stop suddenly'.")
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, help_text="Keep it to two or three sentences.")

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = "Callout"
        preview_value = {
            "kind": "warning",
            "title": "Do not stop suddenly",
            "text": "<p>Stopping all at once can cause seizures. Talk to the prescriber first.</p>",
        }
        description = "A coloured box that makes one message stand out."


class KeyTakeawaysBlock(blocks.StructBlock):
    """A short summary list, usually at the end of a lesson."""

    title = blocks.CharBlock(default="Key points", max_length=80)
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label="Key point"), min_num=1, help_text="One idea per line."
    )

    class Meta:
        icon = "list-ul"
        template = "blocks/key_takeaways_block.html"
        label = "Key points"
        preview_value = {"title": "Key points", "items": ["Never stop suddenly.", "Call 988 in a crisis."]}
        description = "A short list that sums up the lesson."


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)


class NumberedStepsBlock(blocks.StructBlock):
    """Steps to follow in order."""

    title = blocks.CharBlock(max_length=120, required=False)
    steps = blocks.ListBlock(StepBlock(label="Step"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/numbered_steps_block.html"
        label = "Numbered steps"
        preview_value = {
            "title": "Stay, Safe, Side",
            "steps": [
                {"title": "Stay", "text": "<p>Stay with the person and time the seizure.</p>"},
                {"title": "Safe", "text": "<p>Move hard or sharp things away.</p>"},
            ],
        }
        description = "Steps that must be done in order."


class DoDontBlock(blocks.StructBlock):
    """Two lists side by side: what to do and what not to do."""

    title = blocks.CharBlock(max_length=120, required=False)
    # Each line labelled: without it the editor's inputs had no label (axe: critical).
    do = blocks.ListBlock(blocks.CharBlock(max_length=300, label="Something to do"), label="Do", min_num=1)
    dont = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label="Something not to do"), label="Don't", min_num=1
    )

    class Meta:
        icon = "tasks"
        template = "blocks/do_dont_block.html"
        label = "Do and don't"
        preview_value = {
            "title": "During a seizure",
            "do": ["Time the seizure."],
            "dont": ["Put anything in their mouth."],
        }
        description = "A 'do' list beside a 'don't' list."


class Call911Block(blocks.StructBlock):
    """The situations in which to call 911. Safety-critical: the lesson must cite a source."""

    title = blocks.CharBlock(default="Call 911 if", max_length=120)
    intro = blocks.CharBlock(max_length=300, required=False)
    criteria = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label="Situation"), min_num=1, help_text="One situation per line."
    )
    source = blocks.CharBlock(
        max_length=120,
        required=False,
        help_text="Short name of the source for this list, e.g. 'CDC; Epilepsy Foundation'.",
    )

    class Meta:
        icon = "warning"
        template = "blocks/call_911_block.html"
        label = "Call 911 if"
        preview_value = {
            "title": "Call 911 if",
            "criteria": ["The seizure lasts longer than 5 minutes.", "It is their first seizure."],
            "source": "CDC",
        }
        description = "The list of emergencies that need 911. The lesson then needs a Sources block."


class FAQItemBlock(blocks.StructBlock):
    """A question that opens to show its answer (works without JavaScript)."""

    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        template = "blocks/faq_item_block.html"
        label = "Question and answer"
        preview_value = {
            "question": "Is it dangerous to stop suddenly?",
            "answer": "<p>Yes. Talk to the prescriber.</p>",
        }
        description = "A question that opens to show its answer."


class ImageBlock(blocks.StructBlock):
    """An image with required alternative text and an optional caption."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(max_length=250, required=False)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = "Image"
        description = "An image with a description for screen readers."


class VideoBlock(blocks.StructBlock):
    """A link to a video with its full transcript. Videos are linked, never embedded, so no
    page makes a request to another site (privacy)."""

    title = blocks.CharBlock(max_length=200)
    url = blocks.URLBlock(help_text="Where the video can be watched.", search_index=False)
    transcript = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="Required: the full words of the video, for people who cannot watch or hear it.",
    )

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = "Video with transcript"
        description = "A video link with its full transcript."


class QuoteBlock(blocks.StructBlock):
    """A short story or quote, e.g. a family's experience."""

    text = blocks.TextBlock(max_length=800)
    attribution = blocks.CharBlock(
        max_length=200, required=False, help_text="Who said it, or 'An example story'."
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = "Story or quote"
        preview_value = {
            "text": "We kept a notebook of symptoms for the doctor.",
            "attribution": "An example story",
        }
        description = "A short story or quote."


class SourceBlock(blocks.StructBlock):
    """One source. Its short name is what the text puts in brackets after a fact, so a reader
    can find the source in the list."""

    cite = blocks.CharBlock(
        max_length=80,
        required=False,
        help_text="The short name the text cites it by, e.g. 'ASAM guideline, 2025'.",
    )
    title = blocks.CharBlock(max_length=300)
    organisation = blocks.CharBlock(max_length=200)
    year = blocks.IntegerBlock(required=False, min_value=1900, max_value=2100)
    url = blocks.URLBlock(label="Link", required=False, search_index=False)


class SourcesBlock(blocks.StructBlock):
    """The sources the page's facts come from. Required on lessons with safety facts."""

    title = blocks.CharBlock(default="Sources", max_length=80)
    items = blocks.ListBlock(SourceBlock(label="Source"), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "blocks/sources_block.html"
        label = "Sources"
        preview_value = {
            "title": "Sources",
            "items": [
                {
                    "cite": "CDC",
                    "title": "Seizure First Aid",
                    "organisation": "CDC",
                    "year": None,
                    "url": "https://www.cdc.gov/epilepsy/",
                }
            ],
        }
        description = "The list of sources this page's facts come from."


class TeachingPictureBlock(blocks.StructBlock):
    """A picture that teaches, drawn for this site (static/img/teach/), with required alternative
    text and the same lesson in words for people who cannot see it, and on paper."""

    PICTURES = {
        "recovery_position": (_("The recovery position"), ["img/teach/recovery-position.svg"]),
        "stay_safe_side": (
            _("Stay, Safe, Side"),
            ["img/teach/stay.svg", "img/teach/safe.svg", "img/teach/side.svg"],
        ),
        "taper_example": (_("What a taper can look like"), ["img/teach/taper-example.svg"]),
        "withdrawal_timeline": (_("After a dose cut"), ["img/teach/withdrawal-timeline.svg"]),
    }
    #: Pictures that must always carry the words "An example, not a plan", whatever the editor writes.
    EXAMPLES = {"taper_example"}

    @staticmethod
    def in_language(file, language):
        """The picture drawn with its words in `language`: img/teach/es/stay.svg for a Spanish
        page (every picture has one for each of settings.LANGUAGES: tests check), the file
        itself in the default language."""
        if language == settings.LANGUAGE_CODE:
            return file
        folder, name = file.rsplit("/", 1)
        return f"{folder}/{language}/{name}"

    picture = blocks.ChoiceBlock(
        choices=[(key, title) for key, (title, _) in PICTURES.items()],
        help_text="Which picture to show. The taper picture is always labelled 'An example, not a plan'.",
        search_index=False,  # its name is in English; the alt text and the words are the page's
    )
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Required. Say in one sentence what the picture shows, for people who cannot see it.",
    )
    text_equivalent = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        help_text="Required. Everything the picture teaches, in words. It is shown under the picture.",
    )
    caption = blocks.CharBlock(
        max_length=200, required=False, help_text="Optional short title above the words."
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        title, files = self.PICTURES.get(value["picture"], ("", []))
        language = get_language() if get_language() in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        context["files"] = [self.in_language(file, language) for file in files]
        context["title"] = title
        context["is_example"] = value["picture"] in self.EXAMPLES
        return context

    class Meta:
        icon = "image"
        template = "blocks/teaching_picture_block.html"
        label = "Picture that teaches"
        preview_value = {
            "picture": "stay_safe_side",
            "alt_text": "Three panels: a stopwatch (Stay), a cleared space (Safe), a person on their side.",
            "text_equivalent": "<p>Stay and time the seizure. Keep them safe. Turn them on their side.</p>",
            "caption": "Stay, Safe, Side",
        }
        description = "A drawing for this site (recovery position, Stay Safe Side, taper example, timeline)."


class CourseStreamBlock(blocks.StreamBlock):
    """Every block an editor can use in a lesson, the FAQ or the safety card."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()
    key_takeaways = KeyTakeawaysBlock()
    numbered_steps = NumberedStepsBlock()
    do_dont = DoDontBlock()
    call_911 = Call911Block()
    faq_item = FAQItemBlock()
    image = ImageBlock()
    picture = TeachingPictureBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    sources = SourcesBlock()
