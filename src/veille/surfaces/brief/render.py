"""The brief as Markdown or HTML, in French or English (Jinja2 templates + labels file).

The layout lives in `templates/brief.{md,html}.j2`, every word in `data/labels.yaml`.

Article text, titles, sources and URLs come from feeds and files anyone can write, so
every value a template prints goes through its format's one escaping function, applied
by the template environment itself (no filter to forget): HTML through Jinja's
autoescape, Markdown through `escape_markdown` (HTML's special characters as entities,
Markdown's own with a backslash, all on one line). A link is written only through
`safe_url`: http(s) with a host, percent-encoded so it cannot close its own syntax;
anything else (`javascript:`, `data:`) is shown as escaped text, never as a link.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
import yaml
from markupsafe import Markup

from veille.languages import analysed_languages, data_file
from veille.surfaces.brief.build import Brief

FORMATS = {"markdown": "brief.md.j2", "html": "brief.html.j2"}
_SPARK = "▁▂▃▄▅▆▇█"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
# Kept as is in a URL; everything else is percent-encoded (quotes, brackets, spaces, <>).
_URL_SAFE = ":/?#@!$&*+,;=%~"


@lru_cache(maxsize=1)
def _packaged_labels() -> dict[str, dict[str, Any]]:
    text = resources.files("veille.surfaces.brief").joinpath("data/labels.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def labels() -> dict[str, dict[str, Any]]:
    """The brief's words per language: the packaged ones (data/labels.yaml), and those of
    a language whose profile names a "brief" file (its labels, the same keys)."""
    found = dict(_packaged_labels())
    for code in analysed_languages():
        path = data_file(code, "brief")
        if path is not None:
            found[code] = {**found.get(code, {}), **yaml.safe_load(path.read_text("utf-8"))}
    return found


def brief_languages() -> tuple[str, ...]:
    """The languages a brief can be written in: the analysed ones that have its labels."""
    words = labels()
    return tuple(code for code in analysed_languages() if code in words)


def escape_markdown(value: object) -> Markup:
    """`value` as Markdown text that renders as exactly that text: on one line, `&<>` as
    HTML entities (no tag, no script survives any renderer), Markdown's own punctuation
    backslash-escaped (no table cell, emphasis, link or image can be opened)."""
    if isinstance(value, Markup):  # already escaped (or written by this module)
        return value
    text = " ".join(str("" if value is None else value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


def safe_url(url: object) -> str | None:
    """`url` fit to be a link target: http(s) with a host, percent-encoded where it could
    break out of its link syntax; None for anything else (javascript:, data:, junk)."""
    text = str(url or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(text, safe=_URL_SAFE)


def _markdown_link(label: object, url: object) -> Markup:
    target = safe_url(url)
    if target is None:
        return escape_markdown(label)
    return Markup(f"[{escape_markdown(label)}]({target})")


def _markdown_cite(cite: Any) -> Markup:
    """` [[n]](link)`: a citation, or nothing."""
    if not cite:
        return Markup("")
    return Markup(" ") + _markdown_link(Markup(f"\\[{int(cite.number)}\\]"), cite.link)


def _markdown_autolink(url: object) -> Markup:
    """` <url>` for a safe URL, else the URL as plain escaped text."""
    target = safe_url(url)
    if target is None:
        return Markup(" ") + escape_markdown(url) if url else Markup("")
    return Markup(f" <{target}>")


def _env(html: bool) -> jinja2.Environment:
    """HTML: autoescape. Markdown: `escape_markdown` on every printed value (`finalize`)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("veille.surfaces.brief", "templates"),
        autoescape=html, trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True,
        finalize=None if html else escape_markdown)
    env.filters["md"] = escape_markdown
    env.filters["url"] = safe_url
    env.globals.update(cite=_markdown_cite, autolink=_markdown_autolink)
    return env


def sparkline(values: list[float]) -> str:
    """A one-line Unicode chart of `values` (the Markdown brief's small chart)."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    return "".join(_SPARK[int((v - lo) / span * (len(_SPARK) - 1))] for v in values)


def chart_svg(series: list[dict[str, Any]], width: int = 480, height: int = 90) -> str:
    """A small inline SVG line chart of the daily net conflict (hand-written: a chart
    library would be the only one-off dependency of the HTML brief)."""
    values = [float(p["net_conflict"]) for p in series]
    if not values:
        return ""
    lo, hi = min(values + [0.0]), max(values + [0.0])
    span = (hi - lo) or 1.0
    step = width / max(len(values) - 1, 1)
    pts = " ".join(f"{i * step:.1f},{height - (v - lo) / span * height:.1f}"
                   for i, v in enumerate(values))
    zero = height - (0 - lo) / span * height
    return (f'<svg class="chart" width="{width}" height="{height}" role="img" '
            f'aria-label="net conflict per day"><line x1="0" x2="{width}" y1="{zero:.1f}" '
            f'y2="{zero:.1f}" stroke="#999" stroke-dasharray="3"/>'
            f'<polyline fill="none" stroke="#c33" stroke-width="2" points="{pts}"/></svg>')


def _role_text(actor: dict[str, Any], L: dict[str, Any]) -> str:
    parts = [L["roles"][r] for r in actor["roles"] if r in L["roles"]]
    parts.append(L["mentioned"].format(articles=actor["articles"], mentions=actor["mentions"]))
    if actor.get("merged"):  # say which bare words were counted with this group
        parts.append(L["written"].format(forms=", ".join(f"« {w} »" for w in actor["written"])))
    if actor["claim_count"]:
        parts.append(L["speaks"].format(claims=actor["claim_count"]))
    return "; ".join(parts)


def render_brief(brief: Brief, *, format: str = "markdown") -> str:
    """The brief written out; raises ValueError for an unknown format or language."""
    if format not in FORMATS:
        raise ValueError(f"unknown brief format {format!r} (use {', '.join(FORMATS)})")
    if brief.options.lang not in brief_languages():
        raise ValueError(f"unknown brief language {brief.options.lang!r} "
                         f"(use {', '.join(brief_languages())})")
    L = labels()[brief.options.lang]
    for actor in brief.actors:
        actor["role_text"] = _role_text(actor, L)
    o = brief.options
    selection = ", ".join(x for x in (
        f"query={o.query}" if o.query else "", f"story={o.story}" if o.story else "",
        f"actors={','.join(o.actors)}" if o.actors else "",
        f"from={o.date_from}" if o.date_from else "", f"to={o.date_to}" if o.date_to else "",
    ) if x) or L["none"]
    lead = next((it for d in reversed(brief.timeline) for it in d["items"] if it["cite"]), None)
    series = (brief.escalation or {}).get("series", [])
    context = {
        "b": brief, "L": L, "selection": selection,
        "headline": L["headline_counts"].format(**brief.counts)
        + (f" {lead['text']}" if lead else ""),
        "headline_cite": lead["cite"] if lead else None,
        "sourcing_line": L["sourcing_line"].format(**brief.sourcing),
        "sparkline": sparkline([float(p["net_conflict"]) for p in series]),
        "chart_svg": chart_svg(series),
    }
    return _env(format == "html").get_template(FORMATS[format]).render(**context)
