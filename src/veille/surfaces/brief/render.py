"""The brief as Markdown or HTML, in French or English (Jinja2 templates + labels file).

The layout lives in `templates/brief.{md,html}.j2`, every word in `data/labels.yaml`;
HTML is autoescaped (article text contains HTML and scripts), Markdown escapes the
characters that would break a table or a link.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
import yaml

from veille.surfaces.brief.build import Brief

FORMATS = {"markdown": "brief.md.j2", "html": "brief.html.j2"}
LANGS = ("fr", "en")
_SPARK = "▁▂▃▄▅▆▇█"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, Any]]:
    text = resources.files("veille.surfaces.brief").joinpath("data/labels.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _env(html: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("veille.surfaces.brief", "templates"),
        autoescape=html, trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters["md"] = lambda s: _MD_SPECIAL.sub(r"\\\1", " ".join(str(s or "").split()))
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
    if brief.options.lang not in LANGS:
        raise ValueError(f"unknown brief language {brief.options.lang!r} (use fr or en)")
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
