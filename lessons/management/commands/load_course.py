from django.core.management import call_command
from django.core.management.base import BaseCommand

from lessons.loader import CourseLoader


class Command(BaseCommand):
    help = "Create or update the course from lessons/content/*.yaml. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", help="Read the content files from this folder.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also overwrite existing pages whose content differs from the files "
            "(replaces editors' changes to those pages).",
        )

    def handle(self, *args, **options):
        kwargs = {"update": options["update"]}
        if options["content_dir"]:
            kwargs["content_dir"] = options["content_dir"]
        loader = CourseLoader(**kwargs)
        report = loader.load()
        self.stdout.write(f"Course loaded: {report}.")
        if report.changed:
            call_command("update_index", verbosity=0)
            self.stdout.write("Search index updated.")
