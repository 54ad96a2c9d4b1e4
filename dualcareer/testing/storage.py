"""File storages that fail, for tests of what a full disk or a broken share does."""

from typing import Any

from django.core.files.storage import FileSystemStorage


class FullDiskStorage(FileSystemStorage):
    """Writes the first bytes of a file, then fails as a full disk does."""

    def _save(self, name: str, content: Any) -> str:
        path = self.path(name)
        import os

        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as partial:
            partial.write(b"%PDF-1.")
        raise OSError(28, "No space left on device")


class UndeletableStorage(FileSystemStorage):
    """Stores files, but every deletion fails (a read-only or unreachable share)."""

    def delete(self, name: str) -> None:
        raise PermissionError("read-only file system")
