"""Backup and restore of an installation: database rows and uploaded files, with a manifest.

`manage.py backup <dir>` writes

- `database.json.gz`: every row of every model (Django's serialisation,
  natural keys for content types and permissions, which `migrate` creates),
  read in ONE transaction: on PostgreSQL with REPEATABLE READ, so all tables
  come from the same moment while the site keeps running; on SQLite the
  transaction holds the write lock for the duration;
- `media/`: a copy of every uploaded file (`MEDIA_ROOT`);
- `manifest.json`: format, time, database engine, the applied migrations, the
  number of rows per model and the SHA-256 of every file (the database
  dump included).

`manage.py restore <dir>` checks every checksum first, refuses an
installation that has user accounts or uploaded files (unless `--force`),
empties the database and loads the rows in one transaction, copies the
files, and then checks that the row counts match the manifest and that every
file the database references exists.

The backup holds all personal data of the installation: the folder is
created readable by its owner only (0700/0600); keep it encrypted and no
longer than the retention periods allow (docs/operations.md, "Backups").
`DJANGO_SECRET_KEY` is not in it and must be kept with it: signed links
(invitations, password resets, unsubscribe links) depend on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
DATABASE_FILE = "database.json.gz"
MEDIA_DIR = "media"
MANIFEST = "manifest.json"
# Created by `migrate` in every installation, identified by natural keys in the dump.
RECREATED_BY_MIGRATE = ("contenttypes.ContentType", "auth.Permission")
# Files of the readiness probe (`/readyz`), not data.
IGNORED_MEDIA_PREFIXES = ("readyz/",)

BACKUP_REMINDER = (
    "Keep DJANGO_SECRET_KEY together with this backup (not in it): signed links in "
    "e-mails (invitations, password resets, unsubscribe links) only work with the same key."
)


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(relative name, path) of every file under `root`, without readiness probes."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            name = path.relative_to(root).as_posix()
            if not name.startswith(IGNORED_MEDIA_PREFIXES):
                yield name, path


def _counted_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in _counted_models()}


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return latest


def write_backup(target: Path) -> dict[str, Any]:
    """Write a backup into the new or empty folder `target`; return the manifest."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new or empty folder.")
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(target, 0o700)
    dump = target / DATABASE_FILE
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:  # the first statement of the transaction
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = row_counts()
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=list(RECREATED_BY_MIGRATE),
            output=str(dump),
            verbosity=0,
        )
        migrations = _applied_migrations()
    os.chmod(dump, 0o600)
    files: dict[str, str] = {}
    media_target = target / MEDIA_DIR
    media_target.mkdir(mode=0o700)
    for name, path in media_files(_media_root()):
        destination = media_target / name
        destination.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        os.chmod(destination, 0o600)
        files[name] = sha256_of(destination)
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "migrations": migrations,
        "database": {"file": DATABASE_FILE, "sha256": sha256_of(dump)},
        "counts": counts,
        "media": files,
    }
    manifest_path = target / MANIFEST
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.chmod(manifest_path, 0o600)
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of the backup in `source`, after checking every checksum."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source / MANIFEST} cannot be read: {type(error).__name__}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    dump = source / manifest["database"]["file"]
    if not dump.is_file() or sha256_of(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"{dump.name} is missing or damaged (checksum differs).")
    damaged = [
        name
        for name, digest in manifest["media"].items()
        if not (source / MEDIA_DIR / name).is_file()
        or sha256_of(source / MEDIA_DIR / name) != digest
    ]
    if damaged:
        raise BackupError(f"{len(damaged)} file(s) missing or damaged, e.g. {damaged[0]}.")
    return manifest


def installation_is_empty() -> bool:
    """No user accounts and no uploaded files (what `migrate` creates does not count)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return not user_model._default_manager.exists() and not any(media_files(_media_root()))


def referenced_files() -> list[tuple[str, str]]:
    """(model label, file name) of every file a FileField of any row names."""
    found: list[tuple[str, str]] = []
    for model in _counted_models():
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        for field in fields:
            names = (
                model._default_manager.exclude(**{field: ""})
                .exclude(**{f"{field}__isnull": True})
                .values_list(field, flat=True)
            )
            found.extend((model._meta.label, name) for name in names.iterator())
    return found


def missing_files() -> list[tuple[str, str]]:
    """Files the database references that the media storage does not have."""
    from django.core.files.storage import default_storage

    return [(label, name) for label, name in referenced_files() if not default_storage.exists(name)]


def restore_backup(source: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore the backup in `source`; return a report (counts that differ, files missing)."""
    manifest = read_manifest(source)
    applied = _applied_migrations()
    behind = sorted(
        app for app, name in manifest["migrations"].items() if applied.get(app, "") < name
    )
    if behind:
        raise BackupError(
            "The backup is from a newer version (migrations of " + ", ".join(behind) + "): "
            "install that version and run `manage.py migrate` first."
        )
    if not force and not installation_is_empty():
        raise BackupError(
            "This installation has user accounts or uploaded files. Restore into an empty "
            "installation (after `manage.py migrate`), or pass --force to replace everything."
        )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Checks still pending from earlier in an enclosing transaction
            # would block the TRUNCATE of `flush`: run them now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # rows reference each other in any order
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        call_command("loaddata", str(source / manifest["database"]["file"]), verbosity=0)
    # `flush` re-created the content types (cached with their new ids), then the backup's
    # rows replaced them: forget the cache so this process reads the restored ids.
    ContentType.objects.clear_cache()
    root = _media_root()
    if force and root.is_dir():
        for _name, path in list(media_files(root)):
            path.unlink()
    for name, digest in manifest["media"].items():
        destination = root / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / MEDIA_DIR / name, destination)
        if sha256_of(destination) != digest:
            raise BackupError(f"{name} was not copied intact.")
    counts = row_counts()
    differing = {
        label: (expected, counts.get(label, 0))
        for label, expected in manifest["counts"].items()
        if counts.get(label, 0) != expected
    }
    return {
        "rows": sum(manifest["counts"].values()),
        "files": len(manifest["media"]),
        "differing": differing,
        "missing": missing_files(),
    }
