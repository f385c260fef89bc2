import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.data import NotEmpty, build


class Command(BaseCommand):
    help = (
        "Build the benchmark's data set (the course, learners, a circle, progress, quiz attempts) "
        "into an EMPTY database, and write what the load tool needs to a JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=2000)
        parser.add_argument("--circle-size", type=int, default=500)
        parser.add_argument("--progress-rows", type=int, default=50_000)
        parser.add_argument("--quiz-attempts", type=int, default=10_000)
        parser.add_argument("--output", help="Write the load tool's fixtures (cookies, paths) here.")

    def handle(self, *args, **options):
        try:
            data = build(
                learners=options["learners"],
                circle_size=options["circle_size"],
                progress_rows=options["progress_rows"],
                quiz_attempts=options["quiz_attempts"],
            )
        except NotEmpty as refusal:
            raise CommandError(str(refusal)) from None
        # Fresh planner statistics, as a database that has been running for a while has them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        counts = ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in data.counts.items())
        self.stdout.write(f"Bench data built: {counts}.")
        if options["output"]:
            Path(options["output"]).write_text(json.dumps(data.fixtures, indent=2), encoding="utf-8")
