"""Shared set-up of the fault scripts: a scratch installation with its own database and files.

Each script runs against a throw-away installation: a temporary folder with
the media files, and either a SQLite file there or, with
`FAULTS_DATABASE_URL=postgres://...`, that PostgreSQL database (created if
missing, emptied by `migrate` + `flush`). Never point it at real data.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def scratch_env(name: str, **extra: str) -> dict[str, str]:
    """Environment variables of a scratch installation (also for subprocesses)."""
    base = Path(tempfile.mkdtemp(prefix=f"dualcareer-fault-{name}-"))
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "fault-script-only-secret-key-0123456789-abcdefghijklmnop",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_MEDIA_ROOT": str(base / "media"),
            "DJANGO_STATIC_ROOT": str(base / "static"),
            "MATCHING_INDEX_DIR": str(base / "matching-index"),
            "EMAIL_FILE_PATH": str(base / "mail"),
            "READINESS_WORKER_MAX_AGE_MINUTES": "0",
            "TWO_FACTOR_REQUIRED_ROLES": "none",  # the scripts log in without a second factor
            "FAULTS_BASE": str(base),
        }
    )
    env["DATABASE_URL"] = (
        os.environ.get("FAULTS_DATABASE_URL") or f"sqlite:///{base / 'db.sqlite3'}"
    )
    env.update(extra)
    (base / "media").mkdir(parents=True, exist_ok=True)
    return env


def ensure_postgres_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(
    env: dict[str, str], *args: str, check: bool = True, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        check=check,
        **kwargs,
    )


def prepare(env: dict[str, str]) -> None:
    """Migrate and empty the scratch database."""
    if env["DATABASE_URL"].startswith("postgres"):
        ensure_postgres_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "flush", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def django_setup(env: dict[str, str]) -> None:
    """Use the scratch installation in this process too."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def report(title: str, lines: list[str]) -> None:
    print(f"== {title}")
    for line in lines:
        print(f"   {line}")
