"""Profile folders for tests: a shipped profile extended by a few TOML lines."""

from __future__ import annotations

from pathlib import Path


def extended_profile(folder: Path, extends: str, tables: str, **profile: str) -> Path:
    """A profile folder whose profile.toml extends ``extends`` with a [profile] table of
    ``profile`` (name, title, version default to the folder's name, "Test", "1") and then
    ``tables`` (TOML text)."""
    folder.mkdir(parents=True, exist_ok=True)
    head = {"name": folder.name, "title": "Test", "version": "1", **profile}
    lines = [f'extends = "{extends}"', "", "[profile]"]
    lines += [f'{key} = "{value}"' for key, value in head.items()]
    (folder / "profile.toml").write_text("\n".join([*lines, "", tables]), encoding="utf-8")
    return folder
