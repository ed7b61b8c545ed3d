"""Every `veille eval …` and `veille train …` command: score veille against gold data,
train its models from files in the repository.

Thin: each command calls `veille.eval` / `veille.events.train`, prints a table (or JSON
with --json), and turns a gold file that cannot be read into one line and exit code 2.
One section per area, in `veille eval --help` order: actors, claims, contradictions,
events, furniture, stories, time, timeline; then training.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Callable, Optional, TypeVar

import typer
from rich.table import Table

from veille.surfaces.cli_common import VerboseOption, fail, opened_store, out, setup_logging

T = TypeVar("T")

eval_app = typer.Typer(help="Score veille against gold data.", no_args_is_help=True)
train_app = typer.Typer(help="Train veille's models from files in the repo.", no_args_is_help=True)


# --- eval actors ------------------------------------------------------------------------

DEFAULT_DOCS_ROOT = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def _print_errors(score) -> None:
    for g in score.misses:
        out.print(f"[red]miss[/] {g.doc} {g.mention!r} gold={g.country}/{g.kind}")
    for doc, p in score.spurious:
        out.print(f"[yellow]extra[/] {doc} {p.text!r} got={p.country}/{p.kind} ({p.actor_id})")
    for g, p in score.wrong:
        out.print(f"[magenta]wrong[/] {g.doc} {g.mention!r} gold={g.country}/{g.kind} "
                  f"got={p.country}/{p.kind} ({p.actor_id})")


#: The golds `veille eval actors` scores when given none (in a source checkout).
DEFAULT_ACTOR_GOLDS = tuple(Path(__file__).resolve().parents[3] / "tests" / "data" / name
                            for name in ("actors_gold.tsv", "actors_gold_orangesum.tsv",
                                         "en/actors_gold_en.tsv"))


def _actor_tables(name: str, scores) -> None:
    table = Table(title=f"actor mentions vs {name}")
    columns = ("split", "gold", "predicted", "matched", "precision", "recall", "f1",
               "exact span", "country acc.", "kind acc.", "generic recall", "generic country acc.")
    for column in columns:
        table.add_column(column, justify="left" if column == "split" else "right")
    for split, s in scores.items():
        table.add_row(split, str(s.gold), str(s.predicted), str(s.matched), f"{s.precision:.3f}",
                      f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.exact), f"{s.country_accuracy:.3f}",
                      f"{s.kind_accuracy:.3f}",
                      f"{s.generic.recall:.3f} ({s.generic.gold})" if s.generic.gold else "-",
                      f"{s.generic.country_accuracy:.3f}" if s.generic.gold else "-")
    out.print(table)
    kinds = Table(title=f"{name}, by gold kind: recall / country acc. on matched (gold count)")
    kinds.add_column("kind")
    for split in scores:
        kinds.add_column(split, justify="right")
    for kind in sorted({k for s in scores.values() for k in s.kinds}):
        cells = []
        for s in scores.values():
            k = s.kinds.get(kind)
            cells.append(f"{k.recall:.3f} / {k.country_accuracy:.3f} ({k.gold})" if k else "-")
        kinds.add_row(kind, *cells)
    out.print(kinds)


@eval_app.command("actors")
def eval_actors(
    golds: Optional[list[Path]] = typer.Argument(
        None, help="Gold TSVs: doc, char_start, char_end, mention, country, kind[, split, generic] "
                   "(see veille.eval.actors). Default: the repo's golds (seeds/Egypt, OrangeSum, English)."),
    docs_root: Path = typer.Option(DEFAULT_DOCS_ROOT, "--docs-root",
                                   help="Folder the gold's document keys point into."),
    split: list[str] = typer.Option([], "--split", help="Score only these splits (repeatable)."),
    language: str = typer.Option("fr", "--lang", help="Language of the documents of a gold "
                                 "without a `language` column."),
    actors: list[Path] = typer.Option([], "--actors", help="Extra KB files (YAML)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    errors: bool = typer.Option(False, "--errors", help="List misses, extras and wrong labels."),
) -> None:
    """Score resolved actor mentions against gold files, split by split and kind by kind."""
    from veille.eval.actors import GoldError, evaluate, load_gold, pipeline_resolver

    if not docs_root.is_dir():
        typer.echo(f"skipped: documents folder {docs_root} not found (give --docs-root)", err=True)
        raise typer.Exit(0)
    golds = list(golds or DEFAULT_ACTOR_GOLDS)
    resolver = pipeline_resolver(language, actors)
    results = {}
    for gold in golds:
        try:
            results[gold.name] = evaluate(load_gold(gold), docs_root, resolver, split,
                                          gold_dir=gold.parent)
        except (OSError, GoldError) as exc:
            fail(exc)
    if as_json:
        payload = {name: {k: s.as_dict() for k, s in scores.items()} for name, scores in results.items()}
        typer.echo(json.dumps(payload[golds[0].name] if len(golds) == 1 else payload, indent=2))
        return
    for name, scores in results.items():
        _actor_tables(name, scores)
        if errors:
            _print_errors(scores["all"])


# --- eval claims ------------------------------------------------------------------------

_ROWS: tuple[tuple[str, str], ...] = (
    ("gold_claims", "gold claims"), ("predicted_claims", "predicted claims"), ("matched", "matched"),
    ("precision", "precision"), ("recall", "recall"), ("f1", "detection F1"),
    ("content_overlap_f1", "content overlap F1"), ("speaker_overlap_f1", "speaker overlap F1"),
    ("speaker_accuracy", "speaker accuracy"), ("speaker_kind_accuracy", "speaker-actor kind accuracy"),
    ("speaker_country_accuracy", "speaker country accuracy"), ("sourcing_accuracy", "sourcing-class accuracy"),
    ("relay_accuracy", "relay accuracy"),
)



def _read_golds(golds: list[Path], load: Callable[[Path], list[T]],
                error: type[Exception]) -> list[T]:
    """Every record of several gold files, in order; one that cannot be read ends the
    command with one line naming it (exit 2)."""
    records: list[T] = []
    for gold in golds:
        try:
            records += load(gold)
        except (OSError, error) as exc:
            fail(f"cannot read gold {gold}: {exc}")
    return records

@eval_app.command("claims")
def eval_claims(
    golds: list[Path] = typer.Argument(..., help="Gold JSONL files (document and claim records, see "
                                        "veille.eval.claims); several are scored side by side "
                                        "(French and English splits have their own names)."),
    split: str = typer.Option("all", help="Split to show: dev, heldout or all (scores are computed for each)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    errors: bool = typer.Option(False, "--errors", help="Also list missed, spurious and wrong claims."),
    with_actors: bool = typer.Option(False, "--with-actors", help="Pass the actors resolver's mentions in."),
) -> None:
    """Claim detection F1, speaker and content overlap, speaker-actor and sourcing accuracy."""
    from veille.eval.claims import GoldError, evaluate_claims, load_gold, spacy_extractor

    docs = _read_golds(golds, load_gold, GoldError)
    result = evaluate_claims(docs, extract=spacy_extractor(with_actors=with_actors), with_errors=errors)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    splits = [s for s in result if s != "errors" and (split == "all" or s == split)]
    table = Table(title=f"claims vs {', '.join(g.name for g in golds)}")
    table.add_column("metric")
    for name in splits:
        table.add_column(name, justify="right")
    for key, label in _ROWS:
        table.add_row(label, *[str(result[s].get(key)) for s in splits])
    out.print(table)
    if errors:
        out.print_json(json.dumps(result["errors"], ensure_ascii=False))


# --- eval contradictions --------------------------------------------------------------

@eval_app.command("contradictions")
def eval_contradictions(
    gold: Annotated[Path, typer.Argument(help="Gold folder with split.tsv and pairs.tsv "
                                              "(see veille.eval.contradictions).")],
    db: Annotated[str, typer.Option(help="Store holding the gold's articles (ingested).")] = "veille.duckdb",
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="Also list false and missed pairs.")] = False,
) -> None:
    """Precision and recall of contested-claim pairs per split, and what each found pair says."""
    from veille.eval.contradictions import GoldError, evaluate_contradictions, load_gold

    try:
        labelled = load_gold(gold)
    except (OSError, GoldError) as exc:
        fail(f"cannot read gold {gold}: {exc}")
    with opened_store(db) as store:
        result = evaluate_contradictions(store, labelled)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    table = Table("split", "articles", "gold", "predicted", "matched", "precision", "recall",
                  "unlabelled", title=f"contradictions vs {gold}")
    for split, s in result.items():
        table.add_row(split, str(s["articles"]), str(s["gold"]), str(s["predicted"]), str(s["matched"]),
                      _ratio(s["precision"]), _ratio(s["recall"]), str(s["unlabelled_predicted"]))
    out.print(table)
    for split, s in result.items():
        if s["missing_articles"]:
            out.print(f"[yellow]{split}: {len(s['missing_articles'])} gold articles not in {db}[/]")
        for found in s["found"]:
            out.print(f"[{split}] {found['label']}: {found['detail']}", markup=False, highlight=False)
        if errors:
            for pair in s["false"]:
                out.print(f"[{split}] false {pair}", markup=False, highlight=False)
            for pair in s["missed"]:
                out.print(f"[{split}] missed {pair}", markup=False, highlight=False)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


# --- eval events ----------------------------------------------------------------------

def _print_scores(title: str, scores) -> None:
    """Accuracy, macro-F1, the per-class table and the confusion matrix of one EventScores."""
    out.print(f"[bold]{title}[/bold]  n={scores.n}  accuracy={scores.accuracy:.3f}  "
              f"macro-F1={scores.macro_f1:.3f}")
    table = Table("class", "precision", "recall", "F1", "support")
    for c in scores.per_class:
        table.add_row(c.label, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}",
                      str(c.support))
    out.print(table)
    width = 5
    out.print("confusion (rows gold, columns predicted):", highlight=False)
    out.print(" " * 10 + "".join(lab[:4].rjust(width) for lab in scores.labels),
              highlight=False, soft_wrap=True)
    for lab, row in zip(scores.labels, scores.confusion):
        if any(row):
            cells = "".join((str(v) if v else ".").rjust(width) for v in row)
            out.print(lab[:10].ljust(10) + cells, highlight=False, markup=False,
                      soft_wrap=True)


@eval_app.command("events")
def eval_events(
    gold: Path = typer.Argument(..., help="PLV-format TSV: uid, marked_sentence, gold_root."),
    predictions: Path | None = typer.Option(None, "--predictions", help="Write uid/predicted rows here."),
    language: str = typer.Option("auto", help="en, fr, or auto (guess per sentence)."),
    model: Path | None = typer.Option(None, help="A trained model file (default: the shipped one)."),
    end_to_end: bool = typer.Option(
        False, "--end-to-end", help="Run the whole pipeline on each sentence with its marks "
        "removed; an event is right when its type, source and target match the marked ones."),
    as_json: bool = typer.Option(False, "--json", help="With --end-to-end: print JSON "
                                 "(with every sentence's verdict and events)."),
) -> None:
    """Classify the event between each marked source and target and score it against gold
    (with --end-to-end: extract events from the unmarked sentences and score those)."""
    from veille.eval.events import evaluate_events
    from veille.events.classify import load_classifier

    if end_to_end:
        _eval_events_end_to_end(gold, language, as_json)
        return
    try:
        clf = load_classifier(model)
        scores = evaluate_events(gold, predictions_path=predictions, language=language,
                                 model=clf)
    except (FileNotFoundError, ValueError, KeyError) as exc:
        fail(exc)
    _print_scores(str(gold), scores)
    if predictions is not None:
        out.print(f"predictions written to {predictions}")


def _eval_events_end_to_end(gold: Path, language: str, as_json: bool) -> None:
    from veille.eval.event_extraction import end_to_end

    try:
        scores = end_to_end(gold, language=language)
    except (FileNotFoundError, ValueError, KeyError) as exc:
        fail(exc)
    if as_json:
        out.print_json(json.dumps(scores.to_dict(with_rows=True), ensure_ascii=False))
        return
    out.print(f"[bold]{gold}[/bold] end to end  n={scores.n}  events={scores.events}  "
              f"right={scores.right_events}")
    table = Table("precision", "recall", "F1", "source found", "target found",
                  "type given both")
    table.add_row(*(f"{v:.3f}" for v in (scores.precision, scores.recall, scores.f1,
                                         scores.source_found, scores.target_found,
                                         scores.type_given_both)))
    out.print(table)
    if scores.confident_events:
        share = scores.confident_right / scores.confident_events
        out.print(f"events at confidence >= 0.8: {scores.confident_events}, right: "
                  f"{scores.confident_right} ({share:.3f})", highlight=False)


# --- eval furniture ----------------------------------------------------------------------

@eval_app.command("furniture")
def eval_furniture(
    gold: Annotated[Path, typer.Argument(help="Folder of hand-labelled pages (one TSV per "
                                              "document, see tests/data/furniture/README.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print every score and the lines "
                                                         "each document got wrong as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="Also list the furniture lines left "
                                                          "in and the content lines removed.")] = False,
    furniture: Annotated[Optional[str], typer.Option(
        "--furniture", help="Cleaning mode scored: patterns, combined or classifier "
                            "(default: ingest's default, patterns).")] = None,
    classifier: Annotated[bool, typer.Option(
        "--classifier", help="Same as --furniture classifier.")] = False,
    templates: Annotated[bool, typer.Option(
        help="Learn template lines from the gold pages (no labels) and --learn folders, "
             "as a store holding them would.")] = True,
    learn: Annotated[Optional[list[Path]], typer.Option(
        help="Also learn template lines from the .txt pages under this folder (repeatable).")
    ] = None,
) -> None:
    """Furniture lines removed and content lines kept by ingest's cleaning, per split and document."""
    from veille.eval.furniture import GoldError, evaluate_furniture, learned_memory, load_gold
    from veille.ingest.clean import DEFAULT_FURNITURE, FURNITURE_MODES

    mode = "classifier" if classifier else (furniture or DEFAULT_FURNITURE)
    if mode not in FURNITURE_MODES:
        fail(f"--furniture {mode}: expected one of {', '.join(FURNITURE_MODES)}")
    try:
        docs = load_gold(gold)
        memory = learned_memory(docs, tuple(learn or ())) if templates else None
        result = evaluate_furniture(docs, furniture=mode, memory=memory)
    except (OSError, GoldError) as exc:
        fail(f"cannot read gold {gold}: {exc}")
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table("split", "documents", "furniture lines", "removed", "content lines", "kept",
                  title=f"furniture vs {gold}")
    for name, s in result["splits"].items():
        table.add_row(name, str(s["documents"]), str(s["furniture"]),
                      _percent(s["furniture_removed_share"]), str(s["content"]),
                      _percent(s["content_kept_share"]))
    out.print(table)
    for name, s in result["splits"].items():
        out.print(f"{name}: lines removed by reason: "
                  + (", ".join(f"{k} {v}" for k, v in s["removed_by_reason"].items()) or "none"),
                  highlight=False)
    docs = Table("document", "outlet", "split", "furniture", "removed", "content", "kept")
    docs.columns[0].no_wrap = True
    for d in result["documents"]:
        docs.add_row(d["name"], d["outlet"], d["split"], str(d["furniture"]),
                     _percent(d["furniture_removed_share"]), str(d["content"]),
                     _percent(d["content_kept_share"]))
    out.print(docs)
    if errors:
        for d in result["documents"]:
            for line in d["missed"]:
                out.print(f"[{d['split']}] {d['name']} furniture left: {line[:120]!r}",
                          highlight=False, markup=False)
            for lost in d["lost"]:
                out.print(f"[{d['split']}] {d['name']} content removed ({lost['reason']}): "
                          f"{lost['line'][:120]!r}", highlight=False, markup=False)


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.1f}%"


# --- eval stories ------------------------------------------------------------------------

DEFAULT_STORIES_GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "stories_gold.tsv"


@eval_app.command("stories")
def eval_stories(
    gold: Annotated[Path, typer.Argument(help="Articles labelled by story (TSV: story, "
                                              "split, id).")] = DEFAULT_STORIES_GOLD,
    corpus: Annotated[Path, typer.Option(help="JSON Lines corpus holding the gold ids.")] =
        DEFAULT_DOCS_ROOT / "orangesum_fr.jsonl.gz",
    db: Annotated[Optional[Path], typer.Option("--db", help="Folder keeping one store per "
                                                            "split (<split>.duckdb), reused "
                                                            "by later runs; default: "
                                                            "temporary.")] = None,
    split: Annotated[Optional[list[str]], typer.Option(help="Only these splits.")] = None,
    show: Annotated[bool, typer.Option(help="List each split's stories with their gold "
                                            "members.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
    verbose: VerboseOption = False,
) -> None:
    """Score story clustering: B-cubed precision/recall/F1 and ARI per split, each split's
    articles ingested and clustered as `veille ingest` and `veille stories` would."""
    from veille.eval.stories import GoldError, evaluate_stories
    from veille.store import open_store

    setup_logging(verbose)
    with tempfile.TemporaryDirectory() as tmp:
        folder = db or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        names = tuple(split) if split else ("dev", "heldout")
        stores = {name: open_store(str(folder / f"{name}.duckdb")) for name in names}
        try:
            reports = evaluate_stories(gold, corpus, stores, splits=names)
        except (OSError, GoldError, KeyError) as exc:
            fail(exc)
        finally:
            for store in stores.values():
                store.close()
    if as_json:
        sys.stdout.write(json.dumps({k: {"score": r.score.to_dict(), "missing": r.missing}
                                     for k, r in reports.items()}, indent=2) + "\n")
        return
    table = Table("split", "articles", "gold stories", "predicted", "B3 precision",
                  "B3 recall", "B3 F1", "ARI", "missing")
    for name, r in reports.items():
        s = r.score
        table.add_row(name, str(s.articles), str(s.gold_stories), str(s.predicted_stories),
                      f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", f"{s.ari:.3f}",
                      str(r.missing))
    out.print(table)
    if show:
        for name, r in reports.items():
            out.print(f"[bold]{name}[/]")
            for story in r.stories:
                out.print(f"  {story['size']:3d} {story['label'][:90]}  {story['gold']}",
                          highlight=False, markup=False)


# --- eval time ---------------------------------------------------------------------------

@eval_app.command("time")
def eval_time(
    golds: Optional[list[Path]] = typer.Argument(None, help="Gold TSVs: split, doc, anchor, "
                                                 "expression, value, type, text (see "
                                                 "veille.eval.time); several are scored side "
                                                 "by side (a split named en… is English)."),
    timebank: Optional[Path] = typer.Option(None, "--timebank", help="French TimeBank folder "
                                            "(.tml): TempEval-3 scores per split instead."),
    split_file: Optional[Path] = typer.Option(None, "--split", help="TimeBank split file "
                                              "(default tests/data/timebank_split.tsv)."),
    no_dateparser: bool = typer.Option(False, "--no-dateparser",
                                       help="Skip the dateparser baseline (faster)."),
    no_parse: bool = typer.Option(False, "--no-parse",
                                  help="Do not parse French texts with spaCy (tense from cue "
                                       "words only)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    errors: bool = typer.Option(False, "--errors", help="Also list the rows veille got wrong "
                                "(never those of a split named …heldout…: tune on dev only)."),
    errors_split: Optional[list[str]] = typer.Option(None, "--errors-split",
                                                     help="With --errors, list only the rows "
                                                          "of these splits (e.g. en-dev)."),
) -> None:
    """Detection recall and exact-value accuracy per split, veille beside dateparser."""
    from veille.eval.time import evaluate, load_gold

    if timebank is not None:
        from veille.eval import timebank as tb

        try:
            tb_report = tb.run(timebank, split_file, use_docs=not no_parse)
        except (OSError, ValueError) as exc:
            fail(f"cannot read TimeBank {timebank}: {exc}")
        if as_json:
            typer.echo(json.dumps(tb_report.to_dict(), ensure_ascii=False, indent=2))
        else:
            out.print("\n".join(tb.report_lines(tb_report)), markup=False)
        return
    if not golds:
        fail("give a gold TSV or --timebank DIR")
    rows = _read_golds(golds, load_gold, ValueError)
    report = evaluate(rows, with_dateparser=not no_dateparser, use_docs=not no_parse)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"time expressions vs {', '.join(g.name for g in golds)}")
    for column in ("split", "n", "veille recall", "veille accuracy",
                   "dateparser recall", "dateparser accuracy"):
        table.add_column(column, justify="left" if column == "split" else "right")
    for split in sorted(report.veille, key=lambda name: name == "all"):
        score, base = report.veille[split], report.dateparser.get(split)
        table.add_row(split, str(score.n), f"{score.recall:.3f}", f"{score.accuracy:.3f}",
                      f"{base.recall:.3f}" if base else "-",
                      f"{base.accuracy:.3f}" if base else "-")
    out.print(table)
    if errors:
        for row in report.errors:
            if "heldout" in row["split"] or (errors_split and row["split"] not in errors_split):
                continue
            out.print(f"[{row['split']}] {row['doc']} {row['expression']!r} gold={row['gold']} "
                      f"got={row['got']} anchor={row['anchor']}", markup=False, highlight=False)


# --- eval timeline -----------------------------------------------------------------------

@eval_app.command("timeline")
def eval_timeline_command(
    reference: Annotated[Path, typer.Argument(help="Reference timeline (CL-TLS format).")],
    db: Annotated[Optional[str], typer.Option("--db", help="Store holding the documents.")] = None,
    docs: Annotated[Optional[Path], typer.Option(help="CL-TLS docs folder (YYYY-MM-DD/*.txt), "
                                                      "ingested into --db or a temporary "
                                                      "store.")] = None,
    query: Annotated[Optional[str], typer.Option(help="Keep articles naming these words.")] = None,
    max_dates: Annotated[Optional[int], typer.Option(help="Dates (default: as many as the "
                                                          "reference).")] = None,
    per_date: Annotated[Optional[int], typer.Option(help="Sentences per date (default: the "
                                                         "reference's mean).")] = None,
    stopwords: Annotated[bool, typer.Option(help="Drop stop words before ROUGE (tilse's "
                                                 "default).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print scores and timeline as "
                                                         "JSON.")] = False,
    furniture: Annotated[Optional[str], typer.Option(
        "--furniture", help="Cleaning mode of the --docs ingest (patterns, combined or "
                            "classifier; default: ingest's default, patterns), template "
                            "lines learned as `veille ingest` learns them.")] = None,
    verbose: VerboseOption = False,
) -> None:
    """Score a generated timeline against a human one: date F1, alignment ROUGE-1/2."""
    from veille.eval.timeline import evaluate_timeline

    setup_logging(verbose)
    if db is None and docs is None:
        raise typer.BadParameter("give --db (a store with the documents) or --docs")
    with tempfile.TemporaryDirectory() as tmp:
        target = db or str(Path(tmp) / "eval.duckdb")
        with opened_store(target) as store:
            try:
                result = evaluate_timeline(store, reference, docs=docs, query=query,
                                           max_dates=max_dates, per_date=per_date,
                                           stopwords=stopwords, furniture=furniture)
            except (OSError, ValueError) as exc:
                fail(exc)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    table = Table("metric", "precision", "recall", "F1")
    for name, prf in result["scores"].items():
        table.add_row(name, f"{prf['precision']:.4f}", f"{prf['recall']:.4f}", f"{prf['f1']:.4f}")
    out.print(f"{result['dates']} dates × {result['per_date']} sentences; "
              f"{result['articles']} articles; tokens: "
              f"{'stop words dropped' if stopwords else 'all words'}", highlight=False)
    out.print(table)


# --- train ---------------------------------------------------------------------------------

@train_app.command("events")
def train_events(
    data_dir: Path | None = typer.Option(
        None, help="Folder with PLV_train.tsv and PLOVER_GSR_CAMEO.txt "
                   "(default: ../shared/data/plover beside the repository)."),
    output: Path | None = typer.Option(None, "--out",
                                       help="Where to write the model (default: the package)."),
    cv: bool = typer.Option(False, "--cv", help="Report grouped k-fold CV scores instead of training."),
    folds: int = typer.Option(5, help="Folds for --cv."),
    seed: int = typer.Option(0, help="Random state of the --cv fold split."),
) -> None:
    """Train the PLOVER event classifier from files (or cross-validate it with --cv); the
    held-out split of PLV_train (veille/events/data/plv_heldout.txt) is never trained on."""
    from veille.eval.events import cross_validate_events
    from veille.events.train import default_data_dir, train_event_model

    data_dir = data_dir or default_data_dir()
    try:
        if cv:
            for name, scores in cross_validate_events(data_dir, folds=folds, seed=seed).items():
                _print_scores(f"{folds}-fold CV, {name}", scores)
            return
        model, path = train_event_model(data_dir, output)
    except (FileNotFoundError, ValueError) as exc:
        fail(exc)
    size = path.stat().st_size / 1e6
    out.print(f"trained on {len(model.classes_)} classes; model written to {path} "
              f"({size:.1f} MB)")
