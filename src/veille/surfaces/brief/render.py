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
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from veille.languages import analysed_languages, data_file
from veille.surfaces.brief.build import Brief
from veille.surfaces.brief.words import brief_languages, labels

FORMATS = {"markdown": "brief.md.j2", "html": "brief.html.j2"}
_SPARK = "▁▂▃▄▅▆▇█"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
# Kept as is in a URL; everything else is percent-encoded (quotes, brackets, spaces, <>).
_URL_SAFE = ":/?#@!$&*+,;=%~"


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
    # A macro's output was escaped value by value already (finalize): keep it as is.
    env.filters["raw"] = Markup
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


class Writer:
    """Turns the brief's data into sentences in one language: every word from the labels,
    article text quoted in its own language and marked when that is not the brief's."""

    def __init__(self, brief: Brief) -> None:
        self.b = brief
        self.lang = brief.options.lang
        self.L = labels()[self.lang]

    def marker(self, article_id: str | None) -> str:
        lang = self.b.languages.get(article_id or "")
        if not lang or lang == self.lang or not self.L["quote_marker"]:
            return ""
        return self.L["quote_marker"].format(lang=lang)

    def quote(self, text: str, article_id: str | None, limit: int = 0) -> str:
        """« text » [fr]: quoted article text, cut at a word beyond `limit` characters."""
        text = " ".join(str(text).split())
        if limit and len(text) > limit:
            text = text[:limit].rsplit(" ", 1)[0] + " …"
        return f"« {text} »{self.marker(article_id)}"

    def relation(self, r: dict[str, Any]) -> str:
        """"attaque, frappe : Iran (×3, prévu)": a verb of the actor's events, whom, how often."""
        L = self.L
        if r["kind"] == "hosts":
            verb = L["hosts"]
        elif r["others"]:
            verb = L[r["kind"]].get(r["verb"], r["verb"])
        else:
            verb = L[f"{r['kind']}_alone"].get(r["verb"], r["verb"])
        text = verb + (L["colon"] + ", ".join(r["others"]) if r["others"] else "")
        extra = [L["times"].format(n=r["count"])] if r["count"] > 1 else []
        extra += [L["status"][s] for s in r.get("statuses") or () if L["status"].get(s)]
        return text + (f" ({', '.join(extra)})" if extra else "")

    def who(self, who: Any, source: str | None) -> str:
        """Who says a sentence: a resolved speaker, their words as written, or the outlet."""
        if isinstance(who, str) and who:
            return who
        if isinstance(who, dict) and who.get("quote"):
            return self.quote(who["quote"], who.get("article_id"))
        return source or self.L["according_unknown"]

    def actor(self, a: dict[str, Any]) -> dict[str, Any]:
        L = self.L
        name = a["name"]
        role = [{"text": self.relation(r), "cite": r["cite"]} for r in a["roles"]]
        if a.get("quote"):
            q = a["quote"]
            role.append({"text": L["says"] + L["colon"] + self.quote(q["text"], q["article_id"], 160),
                         "cite": q["cite"]})
        if not role:
            role = [{"text": L["no_role"].format(articles=a["articles"]), "cite": None}]
        stakes = [{"text": self.relation(r), "cite": r["cite"]} for r in a["stakes"]] \
            or [{"text": L["no_stakes"], "cite": None}]
        return {"name": name, "id": " + ".join([a["id"], *a.get("merged", [])]), "cite": a["cite"], "role": role, "stakes": stakes}

    def alliance(self, r: dict[str, Any]) -> dict[str, Any]:
        return {"text": f"{r['who']} — {self.relation(r)}", "cites": [r["cite"]]}

    def commitment(self, r: dict[str, Any]) -> dict[str, Any]:
        return {"text": f"{r['who']} — {self.relation(r)}", "cites": [r["cite"]]}

    def risk(self, r: dict[str, Any]) -> dict[str, Any]:
        L = self.L
        if r["kind"] == "threat":
            return {"text": L["threat_line"].format(who=r["who"], whom=r["whom"]),
                    "cites": r["cites"]}
        if r["kind"] == "denial":
            what = (self.quote(r["quote"], r.get("article_id"), 140) if r.get("quote")
                    else L["did"].get(r.get("verb"), "") + L["colon"] + r["whom"] if r.get("whom")
                    else L["did_alone"].get(r.get("verb"), ""))
            who = self.who(r["who"], None)
            return {"text": L["denial_line"].format(who=who) + " — " + what, "cites": [r["cite"]]}
        if r["kind"] == "contested":
            def side(c: dict) -> str:
                speaker = c.get("speaker_name") or (
                    self.quote(c["speaker"], c["article_id"]) if c.get("speaker")
                    else L["unknown_source"])
                return f"{speaker} ({self.quote(c['content'], c['article_id'], 90)})"
            return {"text": L["contested_line"].format(a=side(r["a"]), b=side(r["b"])),
                    "cites": [r["cite"], r["cite_b"]]}
        users = ", ".join(u["speaker"] if u.get("speaker") else
                          (L["narrative"].format(source=u["narrative"]) if u.get("narrative")
                           else L["narrative_unknown"])
                          for u in r["users"])
        text = L["loaded_line"].format(alias=r["alias"], actor=r["actor"], users=users)
        if r.get("note") and self.L.get("kb_notes"):  # the KB's notes, in a brief of their language
            text += f" ({r['note']})"
        return {"text": text, "cites": [r["cite"]]}

    def said(self, f: dict[str, Any]) -> dict[str, Any]:
        c = f["cite"]
        text = self.quote(c.text, c.article_id, 260) + " — " + self.L["according_to"].format(
            who=self.who(f["who"], f.get("source")))
        return {"text": text, "cites": [c]}

    def speakers(self) -> list[dict[str, Any]]:
        data = self.b.speakers[0] if self.b.speakers else {"sides": [], "unattributed": 0}
        rows = [{"text": self.L["side_line"].format(side=s["side"] or self.L["no_side"],
                                                    named=s["named"], anonymous=s["anonymous"],
                                                    relayed=s["relayed"]),
                 "cites": list({id(c): c for c in s["cites"]}.values())} for s in data["sides"]]
        if data["unattributed"]:
            rows.append({"text": self.L["unattributed_line"].format(n=data["unattributed"]),
                         "cites": []})
        return rows

    def changes(self) -> list[dict[str, Any]]:
        """The lines of "what changed since the last brief", or one line saying nothing did."""
        ch, L = self.b.changes, self.L
        if ch is None:
            return []
        if ch["nothing"]:
            return [{"text": L["changes_none"].format(since=ch["since"]), "cites": []}]
        lines = [{"text": L["changes_articles"].format(
            n=ch["articles_total"], events=ch["events"], claims=ch["claims"]), "cites": []}]
        for a in ch["articles"]:
            art = self.article(a)
            lines.append({"text": L["changes_article"].format(**art), "cites": [a["cite"]]})
        lines += self._more(ch, "articles")
        for r in ch["new_actors"]:
            lines.append({"text": L["changes_new_actor"].format(
                name=r["name"], id=r["id"], articles=r["after"][0], mentions=r["after"][1]),
                "cites": [r["cite"]]})
        lines += self._more(ch, "new_actors")
        for r in ch["moved_actors"]:
            lines.append({"text": L["changes_moved_actor"].format(
                name=r["name"], id=r["id"], a0=r["before"][0], a1=r["after"][0],
                m0=r["before"][1], m1=r["after"][1]), "cites": [r["cite"]]})
        lines += self._more(ch, "moved_actors")
        for d in ch["dates"]:
            lines.append({"text": L["changes_date"].format(date=d["date"], text=" ".join(
                self.quote(it["text"], it.get("article_id"), 200) for it in d["items"][:1])),
                "cites": [it["cite"] for it in d["items"][:1]]})
        lines += self._more(ch, "dates")
        for p in ch["contested"]:
            line = self.risk({"kind": "contested", "a": p["a"], "b": p["b"],
                              "cite": p.get("cite_a"), "cite_b": p.get("cite_b")})
            lines.append({"text": L["changes_contested"].format(pair=line["text"]),
                          "cites": line["cites"]})
        lines += self._more(ch, "contested")
        if ch["escalation"]:
            e = ch["escalation"]
            lines.append({"text": L["changes_escalation"].format(
                actors=" – ".join(self._actor_name(x) for x in e["actors"]),
                before=self._trend(e["before"]), after=self._trend(e["after"])),
                "cites": [e["cite"]]})
        return [{**x, "cites": [c for c in x["cites"] if c]} for x in lines]

    def _more(self, ch: dict[str, Any], kind: str) -> list[dict[str, Any]]:
        left = ch[f"{kind}_total"] - len(ch[kind])
        return [{"text": self.L["changes_more"].format(n=left), "cites": []}] if left > 0 else []

    def _trend(self, trend: str | None) -> str:
        return self.L["trends"].get(trend, self.L["no_trend"]) if trend else self.L["none"]

    def _actor_name(self, actor_id: str) -> str:
        return next((a["name"] for a in self.b.actors if a["id"] == actor_id), actor_id)

    def counts(self) -> str:
        L, c = self.L, self.b.counts
        parts = [L["sources_known"].format(sources=c["sources"])] if c["sources"] else []
        if c["unknown_source"]:
            parts.append(L["sources_unknown"].format(unknown=c["unknown_source"]))
        first, last = c["first"] or L["no_dates"], c["last"] or L["no_dates"]
        return L["headline_counts"].format(
            **{**c, "first": first, "last": last}, sources_text=", ".join(parts),
            undated_text=L["undated"].format(undated=c["undated"]) if c["undated"] else "")

    def article(self, a: dict[str, Any]) -> dict[str, Any]:
        title = a["display_title"]
        return {"date": str(a["published"]) if a["published"] else self.L["unknown_date"],
                "source": a["source"] or self.L["unknown_source"],
                "title": f"{title}{self.marker(a['id'])}" if title else a["id"][:12],
                "url": a.get("url"), "id": a["id"]}


def left_out_line(L: dict[str, Any], left_out: dict[str, int] | None) -> str:
    """The line saying how many articles and events a view left out for lack of a date,
    '' when none was."""
    if not left_out or not (left_out.get("articles") or left_out.get("events")):
        return ""
    return L["left_out_undated"].format(**left_out)


def render_brief(brief: Brief, *, format: str = "markdown") -> str:
    """The brief written out; raises ValueError for an unknown format or language."""
    if format not in FORMATS:
        raise ValueError(f"unknown brief format {format!r} (use {', '.join(FORMATS)})")
    if brief.options.lang not in brief_languages():
        raise ValueError(f"unknown brief language {brief.options.lang!r} "
                         f"(use {', '.join(brief_languages())})")
    w = Writer(brief)
    L = w.L
    o = brief.options
    selection = ", ".join(x for x in (
        f"query={o.query}" if o.query else "", f"story={o.story}" if o.story else "",
        f"actors={','.join(o.actors)}" if o.actors else "",
        f"from={o.date_from}" if o.date_from else "", f"to={o.date_to}" if o.date_to else "",
    ) if x) or L["none"]
    lead = brief.counts.get("lead")
    series = (brief.escalation or {}).get("series", [])
    esc = brief.escalation or {}
    context = {
        "b": brief, "L": L, "selection": selection,
        "headline": w.counts() + (" " + w.quote(lead["text"], lead.get("article_id"))
                                  if lead else ""),
        "headline_cite": lead["cite"] if lead else None,
        "changes": w.changes(),
        "changes_heading": L["changes_since"].format(since=(brief.changes or {}).get("since")),
        "actors": [w.actor(a) for a in brief.actors],
        "alliances": [w.alliance(r) for r in brief.alliances],
        "commitments": [w.commitment(r) for r in brief.commitments],
        "misreading": [w.risk(r) for r in brief.misreading],
        "speakers": w.speakers(),
        "guarantees": [w.said(f) for f in brief.guarantees],
        "civilians": [w.said(f) for f in brief.civilians],
        "timeline": [{"date": d["date"], "items": [
            {"text": w.quote(it["text"], it.get("article_id")), "cite": it["cite"]}
            for it in d["items"]]} for d in brief.timeline],
        "contested": [{side: {"text": w.quote(p[side]["content"], p[side]["article_id"]),
                              "who": p[side].get("speaker_name") or (
                                  w.quote(p[side]["speaker"], p[side]["article_id"])
                                  if p[side].get("speaker") else L["unknown_source"]),
                              "sourcing": L["sourcing_kinds"].get(p[side].get("sourcing"),
                                                                  p[side].get("sourcing") or ""),
                              "cite": p[f"cite_{side}"]} for side in ("a", "b")}
                      for p in brief.contested],
        "trend": L["trends"].get(esc.get("trend"), L["no_trend"]) if esc else None,
        "esc_actors": [w.b.actors and next((a["name"] for a in brief.actors if a["id"] == x), x)
                       for x in esc.get("actors", [])],
        "articles": [w.article(a) for a in brief.articles],
        "citations": [{"cite": c, "text": w.quote(c.text, c.article_id)} for c in brief.citations],
        "sourcing_line": L["sourcing_line"].format(**brief.sourcing),
        "sparkline": sparkline([float(p["net_conflict"]) for p in series]),
        "chart_svg": chart_svg(series),
        "timeline_left_out": left_out_line(L, brief.timeline_left_out),
        "escalation_left_out": left_out_line(L, esc.get("left_out_undated")),
    }
    return _env(format == "html").get_template(FORMATS[format]).render(**context)
