"""Print which pinned dependencies of pyproject.toml have a newer release (`make upgrade-check`).

Asks the package index through pip; without a network it says so and exits 0:
the check informs, it never fails a build.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pinned() -> dict[str, str]:
    """The name -> version of every `name==version` requirement (runtime and dev)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    pins: dict[str, str] = {}
    for requirement in requirements:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;]+).*", requirement)
        if match:
            pins[_normal(match.group(1))] = match.group(2)
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> int:
    pins = pinned()
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [sys.executable, "-m", "pip", "list", "--outdated", "--format=json"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        outdated = json.loads(result.stdout or "[]")
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        print("upgrade-check: could not ask the package index (offline?); nothing checked.")
        return 0
    rows = [
        (item["name"], pins[_normal(item["name"])], item["latest_version"])
        for item in outdated
        if _normal(item["name"]) in pins
    ]
    if result.returncode != 0 and not rows:
        print("upgrade-check: could not ask the package index (offline?); nothing checked.")
        return 0
    if not rows:
        print(f"All {len(pins)} pinned dependencies are at their latest release.")
        return 0
    width = max(len(name) for name, _pin, _latest in rows)
    print(f"{'package'.ljust(width)}  pinned -> latest")
    for name, pin, latest in sorted(rows, key=lambda row: row[0].lower()):
        print(f"{name.ljust(width)}  {pin} -> {latest}")
    print("Upgrade by editing the pin in pyproject.toml, then run the whole suite.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
