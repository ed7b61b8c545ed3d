"""Training data readers, the grouped CV split, and `veille train events` errors."""

from __future__ import annotations

from collections import Counter

from typer.testing import CliRunner

from veille.events.train import (
    cross_validated_predictions, read_french, read_gsr, read_plv, training_examples,
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
    assert len(scored) == len(predicted) == 1050 + len(read_french("fr_train.tsv"))
    by_group: dict[str, set[str]] = {}
    for e in examples:
        by_group.setdefault(e.group, set()).add(e.x.sentence)
    # In each fold the model saw either all sentences of a group or none of them.
    for seen in _Memo.seen:
        for sentences in by_group.values():
            assert len(sentences & seen) in (0, len(sentences))


def test_cli_train_events_missing_data_dir(tmp_path):
    from veille.surfaces import cli  # noqa: F401  (builds the app)
    from veille.surfaces.cli_app import app

    result = CliRunner().invoke(app, ["train", "events", "--data-dir", str(tmp_path / "no")])
    assert result.exit_code == 2
    assert "PLOVER data directory not found" in result.output
