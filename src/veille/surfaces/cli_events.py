"""`veille eval events` and `veille train events`: thin wrappers over veille.events."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from veille.surfaces.cli_app import eval_app, train_app

console = Console()


def _print_scores(title: str, scores) -> None:
    """Accuracy, macro-F1, the per-class table and the confusion matrix of one EventScores."""
    console.print(f"[bold]{title}[/bold]  n={scores.n}  accuracy={scores.accuracy:.3f}  "
                  f"macro-F1={scores.macro_f1:.3f}")
    table = Table("class", "precision", "recall", "F1", "support")
    for c in scores.per_class:
        table.add_row(c.label, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}",
                      str(c.support))
    console.print(table)
    width = 5
    console.print("confusion (rows gold, columns predicted):", highlight=False)
    console.print(" " * 10 + "".join(lab[:4].rjust(width) for lab in scores.labels),
                  highlight=False, soft_wrap=True)
    for lab, row in zip(scores.labels, scores.confusion):
        if any(row):
            cells = "".join((str(v) if v else ".").rjust(width) for v in row)
            console.print(lab[:10].ljust(10) + cells, highlight=False, markup=False,
                          soft_wrap=True)

@eval_app.command("events")
def eval_events(
    gold: Path = typer.Argument(..., help="PLV-format TSV: uid, marked_sentence, gold_root."),
    predictions: Path | None = typer.Option(None, "--predictions", help="Write uid/predicted rows here."),
    language: str = typer.Option("auto", help="en, fr, or auto (guess per sentence)."),
    model: Path | None = typer.Option(None, help="A trained model file (default: the shipped one)."),
) -> None:
    """Classify the event between each marked source and target and score it against gold."""
    from veille.eval.events import evaluate_events
    from veille.events.classify import load_classifier

    try:
        clf = load_classifier(model)
        scores = evaluate_events(gold, predictions_path=predictions, language=language,
                                 model=clf)
    except (FileNotFoundError, ValueError, KeyError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    _print_scores(str(gold), scores)
    if predictions is not None:
        console.print(f"predictions written to {predictions}")


@train_app.command("events")
def train_events(
    data_dir: Path | None = typer.Option(
        None, help="Folder with PLV_train.tsv and PLOVER_GSR_CAMEO.txt "
                   "(default: ../shared/data/plover beside the repository)."),
    out: Path | None = typer.Option(None, help="Where to write the model (default: the package)."),
    cv: bool = typer.Option(False, "--cv", help="Report grouped k-fold CV scores instead of training."),
    folds: int = typer.Option(5, help="Folds for --cv."),
    seed: int = typer.Option(0, help="Random state of the --cv fold split."),
) -> None:
    """Train the PLOVER event classifier from files (or cross-validate it with --cv)."""
    from veille.events.train import cross_validate_events, default_data_dir, train_event_model

    data_dir = data_dir or default_data_dir()
    try:
        if cv:
            for name, scores in cross_validate_events(data_dir, folds=folds, seed=seed).items():
                _print_scores(f"{folds}-fold CV, {name}", scores)
            return
        model, path = train_event_model(data_dir, out)
    except (FileNotFoundError, ValueError) as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    size = path.stat().st_size / 1e6
    console.print(f"trained on {len(model.classes_)} classes; model written to {path} "
                  f"({size:.1f} MB)")
