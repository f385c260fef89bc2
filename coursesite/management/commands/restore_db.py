"""Replace the database with a snapshot written by backup_db (`make restore FILE=...`)."""

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from coursesite import backups


class Command(BaseCommand):
    help = "Restore the database from a backup_db snapshot. The current data is saved first."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The snapshot to restore (.sqlite3 or .pgdump).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")
        parser.add_argument(
            "--output-dir",
            default=str(settings.BASE_DIR / "backups"),
            help="Where the safety snapshot of the current data goes (default: backups/).",
        )

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        name, file = connection.settings_dict["NAME"], options["file"]
        try:
            backups.check_restorable(connection, file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        if options["interactive"]:
            answer = input(f"This replaces everything in the database {name} with {file}. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            if backups.count_rows(connection):  # any tables: not a brand-new database
                safety = backups.backup(connection, options["output_dir"], label="before-restore")
                self.stdout.write(f"The data it replaces was saved first: {safety}")
            backups.restore(connection, file)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        # Everything kept in the cache (sessions, pages, generations) described the old data,
        # and its ids now name other rows.
        cache.clear()
        counts = backups.count_rows(connection)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {file} into {name}: {len(counts)} tables, {sum(counts.values()):,} rows."
            )
        )
