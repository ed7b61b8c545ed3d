"""Issue #22 item 3: no script, handler or javascript: link survives into a brief.

Every value printed by the brief templates goes through the format's one escaping
function (the environment applies it); links are http(s) only. The brief is built by
hand from hostile values in every field a feed or a JSONL file controls.
"""

from __future__ import annotations

import re

import pytest

from veille.surfaces.brief import BriefOptions, render_brief
from veille.surfaces.brief.build import Brief
from veille.surfaces.brief.cite import Citer
from veille.surfaces.brief.render import escape_markdown, safe_url

SCRIPT = "<script>alert(1)</script>"
SVG = "<svg onload=alert(1)>"
JS = "javascript:alert(1)"
HOSTILE = f"{SCRIPT} {SVG} [x]({JS}) ![i]({JS}) <img src=x onerror=alert(1)> | ** _ # `"


def hostile_brief(lang: str = "en") -> Brief:
    text = f"Le ministre a déclaré {HOSTILE} lundi. Puis il est parti."
    citer = Citer({"a" * 40: text}, base_url='http://127.0.0.1:8000/"><script>x</script>')
    cite = citer.span("a" * 40, 0, 40)
    rel = {"kind": "did", "verb": "ASSAULT", "others": [HOSTILE], "cite": cite,
           "statuses": [], "count": 1}
    actor = {"id": f"X{SCRIPT}", "name": HOSTILE, "merged": [SVG], "roles": [rel],
             "stakes": [{**rel, "kind": "suffered"}], "articles": 1, "mentions": 2,
             "claim_count": 1, "quote": {"text": HOSTILE, "cite": cite, "article_id": "a" * 40},
             "cite": cite}
    brief = Brief(options=BriefOptions(lang=lang, query=HOSTILE), generated="2024-05-17")
    brief.articles = [
        {"id": "a" * 40, "published": "2024-05-17", "source": HOSTILE, "title": HOSTILE,
         "display_title": HOSTILE, "url": JS},
        {"id": "b" * 40, "published": None, "source": SVG, "title": None,
         "display_title": SVG, "url": "https://example.org/a b?q=<x>&r=\"y\")](javascript:alert(1))"},
        {"id": "c" * 40, "published": None, "source": "s", "title": "t", "display_title": "t",
         "url": "data:text/html,x"},
    ]
    brief.languages = {"a" * 40: "fr"}
    brief.actors = [actor]
    brief.alliances = [{**rel, "who": HOSTILE}]
    brief.commitments = [{**rel, "who": SVG}]
    brief.misreading = [
        {"kind": "threat", "who": HOSTILE, "whom": SVG, "cites": [cite]},
        {"kind": "denial", "who": {"quote": HOSTILE, "article_id": "a" * 40}, "verb": None,
         "whom": None, "quote": HOSTILE, "article_id": "a" * 40, "cite": cite},
        {"kind": "loaded", "alias": HOSTILE, "actor": SVG, "users": [{"speaker": HOSTILE},
         {"narrative": SCRIPT}], "cite": cite, "note": HOSTILE}]
    brief.speakers = [{"sides": [{"side": HOSTILE, "named": 1, "anonymous": 0, "relayed": 0,
                                  "cites": [cite]}], "unattributed": 1}]
    brief.guarantees = [{"cite": cite, "who": {"quote": HOSTILE, "article_id": "a" * 40},
                         "source": SCRIPT}]
    brief.civilians = [{"cite": cite, "who": None, "source": HOSTILE}]
    brief.timeline = [{"date": "2024-05-17", "items": [{"text": HOSTILE, "cite": cite,
                                                         "article_id": "a" * 40}]}]
    brief.contested = [{"a": {"content": HOSTILE, "speaker": SVG, "sourcing": SCRIPT,
                              "article_id": "a" * 40},
                        "b": {"content": HOSTILE, "speaker": None, "sourcing": "named",
                              "article_id": "a" * 40},
                        "cite_a": cite, "cite_b": None, "detail": HOSTILE}]
    brief.sourcing = {"total": 1, "anonymous": 0, "unattributed": 1, "named": 0, "media_relay": 0}
    brief.counts = {"articles": 3, "sources": 3, "unknown_source": 0, "first": "2024",
                    "last": "2024", "undated": 2, "actors": 1, "events": 0, "claims": 1,
                    "contested": 1, "lead": {"text": HOSTILE, "cite": cite, "article_id": "a" * 40}}
    brief.citations = citer.cited
    return brief


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_markdown_brief_has_no_live_markup_or_unsafe_link(lang):
    md = render_brief(hostile_brief(lang))
    assert "<script" not in md and "<svg" not in md and "<img" not in md  # before: all three
    assert "&lt;script&gt;" in md
    links = re.findall(r"(?<!\\)\]\(([^)]*)\)|<(\w+:[^>]*)>", md)  # \]( is escaped text
    targets = [a or b for a, b in links]
    assert targets and all(t.startswith(("http://", "https://")) for t in targets), targets
    assert all(not re.search(r"[\s<>\"'()]", t) for t in targets), targets
    assert not re.search(r"(?<!\\)\]\(javascript", md)
    assert "<javascript" not in md  # before: <javascript:alert(1)>, a live autolink
    for line in md.splitlines():  # no table row broken by a value
        if line.startswith("| **"):
            assert line.count(" | ") == 2, line


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_html_brief_has_no_live_markup_or_unsafe_link(lang):
    html = render_brief(hostile_brief(lang), format="html")
    body = html.split("</style>", 1)[1]
    assert "<script" not in body and "<svg onload" not in body and "<img" not in body
    hrefs = re.findall(r'href="([^"]*)"', body)
    assert hrefs and all(h.startswith(("http://", "https://")) or h == "#" for h in hrefs), hrefs


def test_escape_markdown_and_safe_url():
    assert escape_markdown("a <b> & [c](d) | *e* _f_ #g") == \
        r"a &lt;b&gt; &amp; \[c\](d) \| \*e\* \_f\_ \#g"
    assert escape_markdown("two\nlines\tand  spaces") == "two lines and spaces"
    assert safe_url("https://example.org/a?b=1&c=2#d") == "https://example.org/a?b=1&c=2#d"
    assert safe_url("https://example.org/a b)<x>\"") == "https://example.org/a%20b%29%3Cx%3E%22"
    for bad in (JS, " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.org/x",
                "http://", "mailto:a@b.c", None, "", "http://[::1"):
        assert safe_url(bad) is None, bad
