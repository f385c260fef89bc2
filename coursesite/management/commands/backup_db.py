"""Write a consistent snapshot of the database into backups/ (`make backup`)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from coursesite import backups


class Command(BaseCommand):
    help = "Write a consistent, timestamped snapshot of the database (SQLite online backup or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.BASE_DIR / "backups"),
            help="Folder for the snapshot (default: backups/, which git ignores).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: default).")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        try:
            path = backups.backup(connection, options["output_dir"])
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        summary = f"{path.stat().st_size:,} bytes"
        if connection.vendor == "sqlite":
            counts = backups.count_rows_in_sqlite_file(path)
            summary = f"{len(counts)} tables, {sum(counts.values()):,} rows, {summary}"
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({summary})"))
