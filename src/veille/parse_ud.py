"""English parses in the dependency scheme veille's grammar reads (Universal Dependencies).

spaCy's English pipelines parse with ClearNLP labels, its French ones with UD. The
events' role reader, the status and tense rules were written against UD: the object of a
verb is `obj`, a prepositional complement hangs on its verb as `obl` (or on its noun as
`nmod`) with the preposition below it as `case`. Under ClearNLP the preposition is the
head (`attack -prep-> on -pobj-> Israel`), so without this step an English parse gives
events no target where the French one does (end-to-end F1 fell from 0.32 with the
nearest-actor pairing to 0.15 when the English model came in). Rather than a second
grammar per scheme, this component rewrites the parse once, after the parser: labels from
`data/clearnlp_to_ud.yaml`, prepositional phrases re-attached ("according to" and other
two-word prepositions become `case` + `fixed`). A language profile opts in by listing
`veille_clearnlp_to_ud` under `components` (languages.yaml).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy
from veille.yamlfile import load_yaml
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.tokens import Doc, Token


@lru_cache(maxsize=1)
def _scheme() -> dict:
    text = resources.files("veille.data").joinpath("clearnlp_to_ud.yaml").read_text("utf-8")
    return load_yaml(text)


def _preposition(pobj: Token) -> Token:
    """The first word of the preposition governing `pobj`: "according" of "according to"."""
    prep = pobj.head
    outer = prep.head
    if (prep.dep_ in ("prep", "pcomp") and outer.i != prep.i and outer.dep_ in ("prep", "agent")
            and not any(c.dep_ == "pobj" for c in outer.children)):
        return outer
    return prep


def ud_heads_and_labels(doc: Doc) -> tuple[list[int], list[str]]:
    """Each token's head index and label once the parse is rewritten the UD way (tokens
    compared by index: spaCy makes a new Token object at each access)."""
    scheme = _scheme()
    labels, verbal = scheme["labels"], set(scheme["verbal_heads"])
    heads = [t.head.i for t in doc]
    deps = [labels.get(t.dep_, t.dep_) for t in doc]
    for tok in doc:
        if tok.dep_ != "pobj" or tok.head.i == tok.i:
            continue
        top = _preposition(tok)
        governor = top.head
        if governor.i in (top.i, tok.i):
            continue
        heads[tok.i] = governor.i
        deps[tok.i] = ("obl:agent" if top.dep_ == "agent"
                       else "obl" if governor.pos_ in verbal else "nmod")
        heads[top.i], deps[top.i] = tok.i, "case"
        if tok.head.i != top.i:
            heads[tok.head.i], deps[tok.head.i] = top.i, "fixed"
    return heads, deps


@Language.component("veille_clearnlp_to_ud")
def clearnlp_to_ud(doc: Doc) -> Doc:
    """Rewrite a ClearNLP parse into UD labels and attachments (see the module docstring)."""
    if not doc.has_annotation("DEP") or not len(doc):
        return doc
    heads, deps = ud_heads_and_labels(doc)
    strings = doc.vocab.strings
    # relative heads, negative ones as spaCy stores them (two's complement in uint64)
    array = numpy.empty((len(doc), 2), dtype="uint64")
    array[:, 0] = numpy.array([h - i for i, h in enumerate(heads)], dtype="int64").astype("uint64")
    array[:, 1] = [strings.add(d) for d in deps]
    doc.from_array([HEAD, DEP], array)
    return doc
