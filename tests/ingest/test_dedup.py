"""Dedup on real article text: exact copies, agency copies with small edits, and unrelated news."""

from __future__ import annotations

from veille.ingest.dedup import Deduplicator, minhash_of, signature_bytes, text_hash
from veille.model import Article

ORIGINAL = (
    "Des pourparlers entre les États-Unis et l'Iran doivent se tenir vendredi à Oman, où "
    "plusieurs sessions de discussions ont déjà eu lieu au sujet du programme nucléaire de "
    "Téhéran, alors que Washington laisse planer la menace d'une intervention militaire contre "
    "la République islamique. Les deux pays souhaitent désormais favoriser une désescalade, "
    "aucun des deux n'ayant vraiment intérêt à un conflit armé qui pourrait déstabiliser "
    "l'ensemble de la région, selon un responsable régional."
)
AGENCY_COPY = ORIGINAL.replace("vendredi", "ce vendredi") + " (avec AFP)"
UNRELATED = (
    "Le prix du gazole a reculé cette semaine dans les stations-service françaises, selon les "
    "chiffres publiés lundi par le ministère de la Transition écologique, une baisse attribuée "
    "au repli des cours du pétrole brut sur les marchés internationaux."
)


def _seen(dedup: Deduplicator, article: Article) -> str:
    mh = minhash_of(article.text)
    verdict = dedup.verdict(article, mh)
    if verdict.kind == "new":
        dedup.remember(article.id, text_hash(article.text), mh)
    return verdict.kind


def test_exact_copy_with_other_spacing_and_case_is_exact() -> None:
    dedup = Deduplicator()
    assert _seen(dedup, Article(text=ORIGINAL, url="https://a.example/1")) == "new"
    copy = Article(text="  " + ORIGINAL.upper().replace(" ", "  "), url="https://b.example/2")
    verdict = dedup.verdict(copy, minhash_of(copy.text))
    assert verdict.kind == "exact" and verdict.original == Article(
        text=ORIGINAL, url="https://a.example/1").id


def test_agency_copy_with_small_edits_is_near_duplicate() -> None:
    dedup = Deduplicator()
    original = Article(text=ORIGINAL, url="https://a.example/1")
    _seen(dedup, original)
    verdict = dedup.verdict(Article(text=AGENCY_COPY), minhash_of(AGENCY_COPY))
    assert verdict.kind == "near"
    assert verdict.original == original.id
    assert 0.8 <= verdict.similarity < 1.0


def test_unrelated_article_is_new_and_same_id_again_is_a_repeat() -> None:
    dedup = Deduplicator()
    _seen(dedup, Article(text=ORIGINAL))
    assert _seen(dedup, Article(text=UNRELATED)) == "new"
    assert _seen(dedup, Article(text=UNRELATED)) == "repeat"


def test_signatures_round_trip_through_bytes_for_later_runs() -> None:
    first = Deduplicator()
    original = Article(text=ORIGINAL)
    mh = minhash_of(original.text)
    first.remember(original.id, text_hash(original.text), mh)
    later = Deduplicator()
    later.remember_all([(original.id, text_hash(original.text), signature_bytes(mh), None)])
    assert later.verdict(Article(text=AGENCY_COPY), minhash_of(AGENCY_COPY)).kind == "near"


def test_same_article_twice_in_one_run_is_a_repeat_not_already_stored() -> None:
    dedup = Deduplicator()
    dedup.remember_all([("stored-id", "h", None, None)])
    assert dedup.verdict(Article(text="x", id="stored-id"), minhash_of("x")).kind == "seen"
    assert _seen(dedup, Article(text=UNRELATED)) == "new"
    assert _seen(dedup, Article(text=UNRELATED)) == "repeat"


def test_the_compact_index_finds_what_datasketch_lsh_finds() -> None:
    """Same candidates as MinHashLSH with the same threshold, then the same best match:
    edits of growing size around the threshold, against 40 indexed variants."""
    from datasketch import MinHashLSH

    words = ORIGINAL.split()
    variants = [" ".join(words[:i] + [f"mot{i}"] * (i % 4) + words[i + i % 3:])
                for i in range(0, len(words), 2)][:40]
    dedup, lsh = Deduplicator(), MinHashLSH(threshold=0.8, num_perm=64)
    signatures = {}
    for i, text in enumerate(variants):
        mh = minhash_of(text)
        dedup.remember(f"v{i}", text_hash(text), mh)
        lsh.insert(f"v{i}", mh)
        signatures[f"v{i}"] = mh
    queries = [AGENCY_COPY, UNRELATED, ORIGINAL + " Fin.", " ".join(words[5:]),
               " ".join(words[:-12])]
    nears = 0
    for j, text in enumerate(queries):
        mh = minhash_of(text)
        scored = [(mh.jaccard(signatures[k]), k) for k in lsh.query(mh)]
        expected = max((s for s in scored if s[0] >= 0.8), default=None, key=lambda s: s[0])
        verdict = dedup.verdict(Article(text=text, id=f"q{j}"), mh)
        if expected is None:
            assert verdict.kind == "new"
        else:
            nears += 1
            assert verdict.kind == "near" and verdict.similarity == round(expected[0], 3)
            assert mh.jaccard(signatures[verdict.original]) == expected[0]
    assert nears >= 2
