"""The shipped PLOVER classifier: estimator contract, save/load, and real sentences."""

from __future__ import annotations

import numpy as np
import pytest

from veille.events.classify import (
    EventClassifier, classify_events, default_classifier, load_classifier, resolve_yield,
    save_classifier,
)
from veille.events.features import parse_marked


@pytest.fixture(scope="module")
def model() -> EventClassifier:
    return default_classifier()


SEED_SENTENCES = [  # from the seed articles (French); none is in the training data
    ("<s>les États-Unis</s> et <t>l'Iran</t> ont tenu des discussions secrètes en janvier à Oman",
     "CONSULT"),
    ("<s>L'Iran</s> a lancé des missiles et des drones contre <t>Israël</t>", "ASSAULT"),
    ("<s>Donald Trump</s> avait menacé <t>l'Iran</t> de représailles", "THREATEN"),
]

GSR_SENTENCES = [  # OEDA gold records (English, PLOVER_GSR_CAMEO.txt), not used for training
    ("<s>Pakistan</s> today threatened to break off diplomatic relations with <t>Congo</t> "
     "and Costa Rica over their ties with Israel.", "THREATEN"),
    ("<s>Taiwan's Vice Foreign Minister</s> visited <t>Russia</t> today, becoming the island's "
     "highest ranking government official to go there.", "CONSULT"),
    ("<s>Switzerland</s> said today it had expelled two <t>Russian diplomats</t> based in Geneva "
     "for spying, adding to a long series of espionage scares.", "SANCTION"),
    ("<s>Irish nationalist guerrillas</s> wounded two <t>British soldiers</t> in a bomb attack on "
     "Thursday, police said.", "ASSAULT"),
]


@pytest.mark.parametrize(("marked", "expected"), SEED_SENTENCES)
def test_french_seed_sentences(model, marked, expected):
    assert model.predict([parse_marked(marked, "fr")])[0] == expected


@pytest.mark.parametrize(("marked", "expected"), GSR_SENTENCES)
def test_english_sentences(model, marked, expected):
    assert model.predict([parse_marked(marked, "en")])[0] == expected


def test_predict_proba_follows_the_estimator_contract(model):
    xs = [parse_marked(m, "fr") for m, _ in SEED_SENTENCES]
    proba = model.predict_proba(xs)
    assert proba.shape == (3, len(model.classes_))
    assert np.allclose(proba.sum(axis=1), 1.0)
    assert list(model.classes_[proba.argmax(axis=1)]) == list(model.predict(xs))


def test_classify_events_adds_ontology_attributes(model):
    [pred] = classify_events([parse_marked(SEED_SENTENCES[1][0], "fr")], model)
    assert (pred.type, pred.quad_class, pred.intensity, pred.cameo_root) == (
        "ASSAULT", "material_conflict", -10.0, "18")
    assert 0.0 < pred.confidence <= 1.0


def test_yield_splits_into_retreat_or_concede():
    assert resolve_yield(parse_marked("<s>Russia</s> withdrew its troops from <t>Kherson</t>")) \
        == "RETREAT"
    assert resolve_yield(parse_marked("<s>Japan</s> lifted sanctions on <t>India</t>")) \
        == "CONCEDE"


def test_fit_save_load_round_trip(tmp_path):
    sentences = [
        ("<s>A</s> attacked <t>B</t>", "ASSAULT"), ("<s>A</s> bombed <t>B</t>", "ASSAULT"),
        ("<s>A</s> shelled <t>B</t> at dawn", "ASSAULT"),
        ("<s>A</s> met <t>B</t>", "CONSULT"), ("<s>A</s> held talks with <t>B</t>", "CONSULT"),
        ("<s>A</s> visited <t>B</t>", "CONSULT"),
        ("<s>A</s> threatened <t>B</t>", "THREATEN"), ("<s>A</s> warned <t>B</t>", "THREATEN"),
        ("<s>A</s> threatened to strike <t>B</t>", "THREATEN"),
    ]
    xs = [parse_marked(m) for m, _ in sentences]
    clf = EventClassifier().fit(xs, [y for _, y in sentences])
    assert clf.fit(xs, [y for _, y in sentences]) is clf
    path = save_classifier(clf, tmp_path / "m.joblib")
    again = load_classifier(path)
    assert list(again.classes_) == ["ASSAULT", "CONSULT", "THREATEN"]
    assert np.allclose(again.predict_proba(xs), clf.predict_proba(xs))


def test_shipped_model_is_small():
    from veille.events.classify import model_path

    assert model_path().stat().st_size < 20_000_000
