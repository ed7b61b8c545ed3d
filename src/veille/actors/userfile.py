"""Writing actors to a user's own KB file (`veille actors add … --file my_actors.yaml`).

The package data is read-only for users; their additions live in files they pass with
`--actors`. Appending keeps the user's comments: the new entry is written as text at the
end of the file's `actors:` list, and the file is read back to prove it still parses.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from veille.actors.kb import KnowledgeBaseError, load_kb, read_actor_file, validate_kb
from veille.yamlfile import load_yaml

log = logging.getLogger(__name__)


def actor_mapping(*, actor_id: str, name: str, kind: str, country: str | None,
                  sector: str | None = None, parent: str | None = None,
                  aliases: dict[str, list[str]] | None = None,
                  description: str | None = None) -> dict[str, Any]:
    """The YAML mapping of a new actor, with empty fields left out."""
    entry: dict[str, Any] = {"id": actor_id, "name": name, "kind": kind, "country": country,
                             "sector": sector, "parent": parent, "aliases": aliases or None,
                             "description": description}
    return {k: v for k, v in entry.items() if v is not None}


def new_problems(path: Path, entry: dict[str, Any]) -> list[str]:
    """Problems the entry would add to the KB made of the package data and `path`."""
    before = set(validate_kb(load_kb([path]))) if path.exists() else set(validate_kb(load_kb()))
    probe = path.with_name(f".{path.name}.probe.yaml")
    try:
        probe.write_text(yaml.safe_dump({"actors": [entry]}, allow_unicode=True), encoding="utf-8")
        extra = [path, probe] if path.exists() else [probe]
        return [p for p in validate_kb(load_kb(extra)) if p not in before]
    finally:
        probe.unlink(missing_ok=True)


def append_actor(path: Path, entry: dict[str, Any]) -> None:
    """Append `entry` to the user file at `path` (created if missing); refuse an invalid entry.

    Raises KnowledgeBaseError listing the problems when the entry would make the KB unsound.
    """
    problems = new_problems(path, entry)
    if problems:
        raise KnowledgeBaseError(f"{entry.get('id')}: not added to {path}: " + "; ".join(problems))
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, default_flow_style=None)
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        path.write_text("actors:\n" + block, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        path.write_text(text + ("" if text.endswith("\n") else "\n") + block, encoding="utf-8")
        if not any(e.id == entry["id"] for e in _safe_read(path)):
            _rewrite(path, text, entry)
    log.info("added %s to %s", entry["id"], path)


def _safe_read(path: Path) -> list:
    try:
        return read_actor_file(path)
    except KnowledgeBaseError:
        return []


def _rewrite(path: Path, original: str, entry: dict[str, Any]) -> None:
    """Fallback when text appending broke the list (an indented or non-final `actors:`)."""
    data = load_yaml(original) or {}
    data.setdefault("actors", []).append(entry)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
