"""A small store with known events, claims and a contested pair, written through the real
store interface, for the API, dashboard and export tests.

The events are built by hand (the pipeline's event extraction is tested elsewhere): what
these tests check is how the surfaces read, filter, link and escape what is stored.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from veille.model import Actor, Analysis, Article, Claim, Event, Mention, Place, TimeValue, sha1_hex
from veille.store import open_store
from veille.store.base import Record

USA = Actor("USA", "United States", "state", "USA")
IRN = Actor("IRN", "Iran", "state", "IRN")
ISR = Actor("ISR", "Israel", "state", "ISR")
OMN = Actor("OMN", "Oman", "state", "OMN")
MIL = Actor("REB-IRQ", "groupes militants (IRQ)", "armed_group", "IRQ")

FR_TEXT = (
    "Les États-Unis et l'Iran ont mené des discussions indirectes à Mascate mardi. "
    "Oman a servi de médiateur entre les deux délégations. "
    "Israël a déclaré avoir intercepté 99 % des missiles iraniens. "
    "Selon des responsables américains, la moitié des missiles ont atteint leurs cibles. "
    "Des milices irakiennes ont attaqué une base américaine en Irak le 12 mai."
)
SCRIPT = "<script>document.body.dataset.pwned='1'</script>"
EN_TEXT = (
    f"{SCRIPT} Iran threatened to retaliate against Israel after the strike. "
    "Officials in Tehran said the response would be measured."
)
SENTENCES = {
    "consult": "Les États-Unis et l'Iran ont mené des discussions indirectes à Mascate mardi.",
    "assault": "Des milices irakiennes ont attaqué une base américaine en Irak le 12 mai.",
    "threaten": "Iran threatened to retaliate against Israel after the strike.",
    "claim99": "Israël a déclaré avoir intercepté 99 % des missiles iraniens.",
}


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _mention(text: str, part: str, actor: Actor) -> Mention:
    start, end = _span(text, part)
    return Mention(start, end, part, actor)


def _event(text: str, key: str, type_: str, src: Mention, tgt: Mention, quad: str,
           intensity: float, **kw) -> Event:
    start, end = _span(text, SENTENCES[key])
    return Event(type=type_, sentence=SENTENCES[key], start=start, end=end, source=src,
                 target=tgt, quad_class=quad, intensity=intensity, confidence=0.9, **kw)


def french_analysis() -> Analysis:
    t = FR_TEXT
    art = Article(t, url="https://exemple.fr/mascate", source="exemple.fr",
                  title="Pourparlers à Mascate", published=date(2024, 5, 14),
                  date_precision="day", language="fr")
    usa, irn = _mention(t, "États-Unis", USA), _mention(t, "Iran", IRN)
    omn, isr = _mention(t, "Oman", OMN), _mention(t, "Israël", ISR)
    mil = _mention(t, "milices irakiennes", MIL)
    base = Mention(*_span(t, "base américaine"), "base américaine", USA)
    muscat = Place(*_span(t, "Mascate"), "Mascate", "Muscat", "OMN", 23.58, 58.41)
    iraq = Place(*_span(t, "Irak"), "Irak", "Iraq", "IRQ", 33.0, 44.0)
    day = TimeValue(*_span(t, "12 mai"), "12 mai", "2024-05-12", granularity="day")
    events = [
        _event(t, "consult", "CONSULT", usa, irn, "verbal_cooperation", 1.0, place=muscat,
               cameo_root="04", trigger="ont mené des discussions"),
        _event(t, "assault", "ASSAULT", mil, base, "material_conflict", -9.0, place=iraq,
               date=day, cameo_root="18", trigger="ont attaqué"),
    ]
    c99 = Claim("avoir intercepté 99 % des missiles iraniens", *_span(t, "avoir intercepté 99 % des missiles iraniens"),
                speaker_text="Israël", speaker=isr, sourcing="named", verb="a déclaré",
                sentence=SENTENCES["claim99"])
    half_sentence = "Selon des responsables américains, la moitié des missiles ont atteint leurs cibles."
    chalf = Claim("la moitié des missiles ont atteint leurs cibles",
                  *_span(t, "la moitié des missiles ont atteint leurs cibles"),
                  speaker_text="des responsables américains", sourcing="anonymous", verb="Selon",
                  sentence=half_sentence)
    reason = {"reason": "quantity", "detail": "99 % vs la moitié missiles"}
    c99.contested_with.append({"article": None, "claim": 1, **reason})
    chalf.contested_with.append({"article": None, "claim": 0, **reason})
    return Analysis(art, mentions=[usa, irn, omn, isr, mil, base], places=[muscat, iraq],
                    times=[day], events=events, claims=[c99, chalf],
                    quality={"named_sources": 1, "anonymous_sources": 1})


def english_analysis() -> Analysis:
    t = EN_TEXT
    art = Article(t, url="https://example.com/threat", source="example.com",
                  title=f"Threats {SCRIPT}", published=date(2024, 5, 16), date_precision="day",
                  language="en")
    irn, isr = _mention(t, "Iran", IRN), _mention(t, "Israel", ISR)
    ev = _event(t, "threaten", "THREATEN", irn, isr, "verbal_conflict", -4.0, status="threatened",
                cameo_root="13", trigger="threatened")
    said = Claim("the response would be measured", *_span(t, "the response would be measured"),
                 speaker_text="Officials in Tehran", sourcing="anonymous", verb="said",
                 sentence="Officials in Tehran said the response would be measured.")
    return Analysis(art, mentions=[irn, isr], events=[ev], claims=[said])


def build_store(path: Path) -> Path:
    """Write the two analyses to a DuckDB store at `path`; returns the path."""
    store = open_store(str(path))
    try:
        store.write([Record(a, sha1_hex(a.article.text), None, analyzed=True)
                     for a in (french_analysis(), english_analysis())])
    finally:
        store.close()
    return path
