"""Writing actors to a user's own KB file (`veille actors add|alias|merge … --file my_actors.yaml`).

The package data is read-only for users; their additions live in files they pass with
`--actors`. Appending keeps the user's comments: the new entry is written as text at the
end of the file's `actors:` list, and the file is read back to prove it still parses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from veille.actors.kb import KnowledgeBase, KnowledgeBaseError, load_kb, normalize_alias, \
    read_actor_file, validate_kb
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


def new_problems(path: Path, entry: dict[str, Any], others: Sequence[Path] = ()) -> list[str]:
    """Problems the entry would add to the KB made of the package data, the user's
    `others` files and `path`."""
    mine = [*others, path] if path.exists() else list(others)
    before = set(validate_kb(load_kb(mine)))
    probe = path.with_name(f".{path.name}.probe.yaml")
    try:
        probe.write_text(yaml.safe_dump({"actors": [entry]}, allow_unicode=True), encoding="utf-8")
        return [p for p in validate_kb(load_kb([*mine, probe])) if p not in before]
    finally:
        probe.unlink(missing_ok=True)


def append_actor(path: Path, entry: dict[str, Any], *, others: Sequence[Path] = ()) -> None:
    """Append `entry` to the user file at `path` (created if missing); refuse an invalid entry.

    `others`: the user's other actor files, loaded before `path` (an alias may patch an
    actor one of them defines). Raises KnowledgeBaseError listing the problems when the
    entry would make the KB unsound.
    """
    problems = new_problems(path, entry, others)
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


# --------------------------------------------------------------------------- fixing actors

def merge_mapping(kb: KnowledgeBase, into: str, merged: str, *,
                  in_store: Callable[[str], bool] | None = None) -> dict[str, Any] | None:
    """The user-file entry that makes `merged` another id of `into` (`{id, same_as}`), or
    None when it already is. Raises KnowledgeBaseError saying why a merge cannot be.

    `into` and `merged` must be KB ids or, with `in_store`, ids a store holds (made-up
    ids such as `PERS-LBY-~KHALIFA-HAFTAR`); a KB actor is never merged into a made-up
    id (its names would have nowhere to go: merge the other way)."""
    target = kb.canonical_id(into)
    if merged == into or merged == target:
        raise KnowledgeBaseError(f"cannot merge {merged} into itself"
                                 + (f" ({into} is already merged into {target})" if into != target else ""))
    known = (lambda i: i in kb.entries or (in_store is not None and in_store(i)))
    for role, actor_id in (("A", target), ("B", merged)):
        if not known(actor_id) and not (role == "B" and merged in kb.redirects):
            where = "the knowledge base" + ("" if in_store is None else " nor the store")
            raise KnowledgeBaseError(f"unknown actor id {actor_id!r} ({role}): not in {where}"
                                     + ("" if in_store else "; pass --db to merge an id a store holds"))
    if merged in kb.redirects:
        if kb.redirects[merged] == target:
            return None
        raise KnowledgeBaseError(f"{merged} is already merged into {kb.redirects[merged]}; "
                                 f"merge {kb.redirects[merged]} instead")
    if merged in kb.entries and target not in kb.entries:
        raise KnowledgeBaseError(f"{merged} is in the knowledge base and {target} is not: merge "
                                 f"the other way (veille actors merge {merged} {target})")
    return {"id": merged, "same_as": target}


def alias_mapping(kb: KnowledgeBase, actor_id: str, text: str, language: str, *,
                  prefer: str | None = None, ambiguous: bool = False,
                  note: str | None = None) -> dict[str, Any] | None:
    """The user-file patch adding the written form `text` in `language` to `actor_id`, or
    None when the actor is already written so. A form other actors share is written as a
    rule (`prefer`, `ambiguous`, `note`), as `validate_kb` asks. Raises KnowledgeBaseError
    for an unknown or merged id, an empty form, or a language code that is not one."""
    form = " ".join(text.split())
    if not form:
        raise KnowledgeBaseError("an alias cannot be empty")
    if not re.fullmatch(r"[a-z]{2}", language):
        raise KnowledgeBaseError(f"{language!r} is not a two-letter language code (fr, en…)")
    entry = kb.get(actor_id)
    if entry is None:
        if actor_id in kb.redirects:
            raise KnowledgeBaseError(f"{actor_id} is merged into {kb.redirects[actor_id]}: "
                                     f"add the alias to {kb.redirects[actor_id]}")
        raise KnowledgeBaseError(f"unknown actor id {actor_id!r} (try `veille actors list --search …`)")
    key = normalize_alias(form)
    if any(normalize_alias(t) == key for t, _ in entry.surface_forms(language)):
        return None
    if prefer is not None and prefer not in kb.entries:
        raise KnowledgeBaseError(f"--prefer {prefer!r} is not an actor id")
    item: str | dict[str, Any] = form
    if prefer or ambiguous or note:
        item = {k: v for k, v in {"text": form, "ambiguous": ambiguous or None, "prefer": prefer,
                                  "note": note}.items() if v}
    return {"id": actor_id, "aliases": {language: [item]}}


def sharing(kb: KnowledgeBase, actor_id: str, text: str, language: str) -> list[str]:
    """The other actors already written `text` in `language`: what a new alias would share."""
    key = normalize_alias(text)
    return sorted({i for t, i, _ in kb.aliases(language) if i != actor_id and normalize_alias(t) == key})
