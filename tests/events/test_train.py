"""Training data readers, the grouped CV split, and `veille train events` errors."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from veille.events.train import (
    cross_validated_predictions, heldout_ids, heldout_split, read_french, read_gsr, read_plv,
    training_examples,
)


def test_plv_train_reads_all_rows(shared_data):
    rows = read_plv(shared_data / "plover" / "PLV_train.tsv")
    assert len(rows) == 1050
    assert Counter(r.label for r in rows)["YIELD"] == 141
    first = rows[0].x
    assert first.sentence[slice(*first.source)] == "Iranian Foreign Minister Mohammad Javad Zarif"


def test_gsr_records_are_marked_and_relabelled(shared_data):
    rows = read_gsr(shared_data / "plover" / "PLOVER_GSR_CAMEO.txt")
    assert len(rows) > 250
    labels = {r.label for r in rows}
    assert "FIGHT" not in labels and "DEMAND" not in labels and "YIELD" in labels
    for r in rows:
        assert r.x.sentence[slice(*r.x.source)] and r.x.sentence[slice(*r.x.target)]


def test_french_sets_are_disjoint_and_labelled():
    train, dev = read_french("fr_train.tsv"), read_french("fr_dev.tsv")
    assert len(train) >= 150 and len(dev) >= 100
    assert not {e.x.sentence for e in train} & {e.x.sentence for e in dev}
    assert all(e.group.startswith("plv-") for e in train)  # translations keep their PLV id
    assert not any(e.group.startswith("plv-") for e in dev)  # dev: never a translation
    assert len({e.label for e in dev}) == 15
    assert all((e.x.source or e.x.target) and e.x.language == "fr" for e in train + dev)
    assert all(e.x.source and e.x.target for e in dev)


class _Memo:
    """A stand-in model that remembers what it was trained on."""

    seen: list[set[str]] = []

    def fit(self, xs, ys):
        _Memo.seen.append({x.sentence for x in xs})
        return self

    def predict(self, xs):
        return ["AGREE"] * len(xs)


def test_grouped_cv_keeps_translations_with_their_originals(shared_data):
    examples = training_examples(shared_data / "plover", with_gsr=False)
    _Memo.seen = []
    scored, predicted = cross_validated_predictions(examples, _Memo, folds=5)
    french = [e for e in read_french("fr_train.tsv") if e.group[4:] not in heldout_ids()]
    assert len(scored) == len(predicted) == 1050 - 213 + len(french)
    by_group: dict[str, set[str]] = {}
    for e in examples:
        by_group.setdefault(e.group, set()).add(e.x.sentence)
    # In each fold the model saw either all sentences of a group or none of them.
    for seen in _Memo.seen:
        for sentences in by_group.values():
            assert len(sentences & seen) in (0, len(sentences))


def test_heldout_split_is_the_committed_one(shared_data):
    rows = read_plv(shared_data / "plover" / "PLV_train.tsv")
    ids = heldout_ids()
    assert sorted(ids, key=int) == heldout_split(rows)  # reproducible from the seed
    held = [r for r in rows if r.group[4:] in ids]
    assert len(ids) == 208 and len(held) == 213
    counts, held_counts = Counter(r.label for r in rows), Counter(r.label for r in held)
    # 20% of each class by sentence id; a repeated id brings its other rows along
    assert all(abs(held_counts[k] - 0.2 * counts[k]) <= 5 for k in counts)


def test_training_never_sees_the_heldout_split(shared_data):
    ids = {f"plv-{i}" for i in heldout_ids()}
    examples = training_examples(shared_data / "plover")
    assert not any(e.group in ids for e in examples)  # nor their French translations
    everything = training_examples(shared_data / "plover", with_heldout=True)
    assert len(everything) - len(examples) == 213 + sum(
        e.group in ids for e in read_french("fr_train.tsv"))
    gold = (Path(__file__).parents[1] / "data" / "events" / "plv_heldout.tsv").read_text("utf-8")
    assert len(gold.splitlines()) == 214


def test_cli_train_events_missing_data_dir(tmp_path):
    from veille.surfaces import cli  # noqa: F401  (builds the app)
    from veille.surfaces.cli_app import app

    result = CliRunner().invoke(app, ["train", "events", "--data-dir", str(tmp_path / "no")])
    assert result.exit_code == 2
    assert "PLOVER data directory not found" in result.output


def test_french_heldout_is_new_and_complete():
    import csv

    from veille.events.features import parse_marked

    path = Path(__file__).parents[1] / "data" / "events" / "fr_heldout.tsv"
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) >= 300 and len({r["uid"] for r in rows}) == len(rows)
    assert Counter(r["gold_root"] for r in rows) == {label: 20 for label in {
        r["gold_root"] for r in rows}} and len({r["gold_root"] for r in rows}) == 15
    xs = [parse_marked(r["marked_sentence"], "fr") for r in rows]
    assert all(x.source and x.target for x in xs)
    known = {e.x.sentence for e in read_french("fr_train.tsv") + read_french("fr_dev.tsv")}
    assert not {x.sentence for x in xs} & known
