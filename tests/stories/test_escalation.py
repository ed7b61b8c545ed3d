"""Escalation index on synthetic event streams whose expected alerts and trends are known."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from veille.model import Actor, Analysis, Article, Event, Mention, TimeValue
from veille.store import Record, open_store
from veille.stories.escalation import (change_alerts, daily_series, escalation_from_store,
                                       escalation_index, involves, trend_of)
from veille.stories.events_rows import EventRow, with_ontology

END = date(2024, 6, 30)


def ev(day: date, kind: str = "THREATEN", src: str = "USA", tgt: str = "IRN",
       status: str = "occurred", n: int = 0) -> EventRow:
    return with_ontology(EventRow(f"a{day.isoformat()}-{n}", n, kind, src, tgt, day, status,
                                  source=f"outlet{n}.example"))


def days_back(k: int) -> date:
    return END - timedelta(days=k)


def stream(per_day: dict[int, int], kind: str = "THREATEN", **kw) -> list[EventRow]:
    """per_day: {days before END: number of events that day}."""
    return [ev(days_back(k), kind, n=i, **kw) for k, n in per_day.items() for i in range(n)]


def test_tripled_threats_raise_the_expected_alert():
    # baseline: 1 threat a day on the 30 days before the last week; last week: 3 a day
    events = stream({k: 1 for k in range(7, 37)}) + stream({k: 3 for k in range(0, 7)})
    alerts = {a.what: a for a in change_alerts(events, ("USA", "IRN"), END)}
    assert alerts["THREATEN"].recent == 21 and alerts["THREATEN"].baseline == 30
    assert alerts["THREATEN"].ratio == pytest.approx(3.0)
    assert alerts["THREATEN"].message == ("threats between USA and IRN tripled over the last "
                                          "7 days vs the previous 30")
    assert "verbal_conflict" in alerts


def test_steady_stream_raises_no_alert():
    events = stream({k: 1 for k in range(0, 37)})
    assert change_alerts(events, ("USA", "IRN"), END) == []


def test_new_activity_appears_and_small_counts_stay_quiet():
    appeared = stream({0: 2, 1: 2}, kind="ASSAULT")
    assert [a.message for a in change_alerts(appeared, ("USA", "IRN"), END)][0] == \
        "assaults between USA and IRN appeared over the last 7 days vs the previous 30"
    assert change_alerts(stream({0: 2}), ("USA", "IRN"), END) == []  # below min_recent


def test_other_dyads_and_denials_do_not_count():
    noise = stream({k: 3 for k in range(0, 7)}, src="ISR", tgt="LBN")
    denied = stream({k: 3 for k in range(0, 7)}, status="denied")
    assert change_alerts(noise + denied, ("USA", "IRN"), END) == []


def test_involves_dyad_group_and_single_actor():
    row = ev(END, src="USA", tgt="IRN")
    assert involves(row, ("USA", "IRN")) and involves(row, ("IRN", "USA", "OMN"))
    assert involves(row, ("IRN",)) and not involves(row, ("OMN",))
    assert not involves(ev(END, src="USA", tgt="OMN"), ("USA", "IRN"))
    gov = EventRow("a", 0, "THREATEN", "USAGOV", "IRNMIL", END, source_country="USA",
                   target_country="IRN")
    assert involves(gov, ("USA", "IRN"))
    inner = EventRow("a", 0, "CONSULT", "IRNGOV", "IRN", END, source_country="IRN",
                     target_country="IRN")
    assert not involves(inner, ("USA", "IRN")) and involves(inner, ("IRN",))


def test_series_is_volume_normalised_and_split_by_quad_class():
    events = [ev(END, "THREATEN"), ev(END, "CONSULT", n=1), ev(END, "ASSAULT", "ISR", "LBN", n=2),
              ev(END, "AGREE", "ISR", "LBN", n=3)]
    [point] = daily_series(events, ("USA", "IRN"), END, END)
    assert point.volume == 4
    assert point.counts == {"verbal_cooperation": 1, "material_cooperation": 0,
                            "verbal_conflict": 1, "material_conflict": 0}
    assert point.to_dict()["verbal_conflict_index"] == pytest.approx(6.0 / 4)
    assert point.net_conflict == pytest.approx((6.0 - 2.0) / 4)


def test_trend_escalating_then_de_escalating():
    rising = [e for k in range(30) for e in
              stream({k: 1}, kind="CONSULT") + (stream({k: 30 - k}) if k < 20 else [])]
    assert trend_of(daily_series(rising, ("USA", "IRN"), days_back(29), END))[1] == "escalating"
    falling = [e for k in range(30) for e in
               stream({k: 1}, kind="CONSULT") + (stream({k: 3}) if k >= 15 else [])]
    slope, label = trend_of(daily_series(falling, ("USA", "IRN"), days_back(29), END))
    assert label == "de-escalating" and slope < 0


def test_axes_indicators_and_report():
    events = (stream({1: 2}, kind="AGREE") + stream({2: 1}, kind="CONSULT")
              + stream({3: 1}, kind="THREATEN") + stream({4: 1}, kind="COOPERATE", src="OMN"))
    report = escalation_index(events, ("USA", "IRN"), window_days=10,
                              contested={days_back(3): 2})
    axes = report.axes
    assert axes["diplomatic_commitments"] == {days_back(2).isoformat(): 1,
                                              days_back(1).isoformat(): 2}
    assert axes["risks_of_misreading"] == {days_back(3).isoformat(): 3}
    pairs = {p["pair"]: p["cooperation_events"] for p in axes["regional_alliances"]}
    assert pairs == {"IRN – USA": 3, "IRN – OMN": 1}
    assert len(report.series) == 10 and report.end == days_back(1)


def _analysis(day: date, kind: str, n: int) -> Record:
    text = f"Les États-Unis menacent l'Iran ({day.isoformat()}, dépêche {n})."
    article = Article(text=text, published=day, date_precision="day", source=f"o{n}.fr",
                      language="fr")
    usa = Mention(4, 14, "États-Unis", Actor("USA", "United States", "state", "USA"))
    irn = Mention(24, 28, "Iran", Actor("IRN", "Iran", "state", "IRN"))
    event = Event(type=kind, sentence=text, start=0, end=len(text), source=usa, target=irn,
                  date=TimeValue(0, 0, "", day.isoformat()), quad_class=None, intensity=None)
    return Record(Analysis(article, mentions=[usa, irn], events=[event]), article.id, None,
                  analyzed=True)


def test_escalation_from_a_store():
    store = open_store(":memory:")
    records = [_analysis(days_back(k), "THREATEN", i) for k in range(0, 7) for i in range(3)]
    records += [_analysis(days_back(k), "THREATEN", 9) for k in range(7, 37, 3)]
    store.write(records)
    report = escalation_from_store(store, ("USA", "IRN"))
    # the series follows the data: from the first event (34 days back) to the last
    assert report.start == days_back(34) and report.end == END and len(report.series) == 35
    assert report.events == 31 and report.trend != "no data"
    assert report.peaks[0].events and all(e.endswith("#0") for e in report.peaks[0].events)
    assert any(a.what == "THREATEN" for a in report.alerts)
    assert report.to_dict()["series"][-1]["verbal_conflict_count"] == 3


# --- sides, data-following windows, weights, minimum evidence (issue #23) ---------------

ONSET = date(2024, 3, 20)


def _side_event(day: date, kind: str, src: str, tgt: str, n: int, **kw) -> EventRow:
    return with_ontology(EventRow(f"s{day.isoformat()}-{n}", n, kind, src, tgt, day, **kw))


def test_a_synthetic_war_peaks_at_its_onset_and_each_point_links_its_events():
    # 50 quiet days of talks between Israel and Iran's camp, then from ONSET ten days of
    # Hezbollah rockets and Israeli strikes, fading afterwards.
    quiet = [_side_event(ONSET - timedelta(days=k), "CONSULT", "ISRGOV", "IRNGOV", k,
                         source_country="ISR", target_country="IRN", source_kind="government",
                         target_kind="government") for k in range(3, 51, 3)]
    war = [_side_event(ONSET + timedelta(days=k), "ASSAULT", src, tgt, 10 * k + i,
                       source_country=src[:3], target_country=tgt[:3],
                       source_kind="armed_group" if src == "LBNREBHEZ" else "military",
                       target_kind="military")
           for k in range(10) for i, (src, tgt) in enumerate([("LBNREBHEZ", "ISRMIL"),
                                                              ("ISRMIL", "LBNREBHEZ")] * (3 if k < 4 else 1))]
    after = [_side_event(ONSET + timedelta(days=k), "ASSAULT", "ISRMIL", "LBNREBHEZ", k,
                         source_country="ISR", target_country="LBN", source_kind="military",
                         target_kind="armed_group") for k in range(15, 40, 5)]
    events = quiet + war + after
    report = escalation_index(events, ("ISR", "IRN"))
    assert report.sides == ("ISR", "IRN")  # Hezbollah is counted in Iran's camp
    assert report.start == ONSET - timedelta(days=48) and report.end == ONSET + timedelta(days=35)
    assert report.bucket_days == 7  # 84 days of events: one point a week
    assert report.events == len(events)
    first = next(p for p in report.series if p.conflict > 0)
    assert first.day <= ONSET <= first.day + timedelta(days=6)  # the onset's week
    top = report.peaks[0]  # the first full week of war: 26 events
    assert top.day == first.day + timedelta(days=7) and len(top.events) == 26
    assert set(top.events) <= {e.ref for e in war}
    assert report.trend == "escalating"


def test_too_few_events_give_no_trend_and_no_alert():
    events = [ev(days_back(k), "ASSAULT", n=k) for k in range(4)]  # 4 events in the last days
    report = escalation_index(events, ("USA", "IRN"))
    assert report.trend == "not enough events" and report.to_dict()["min_events"] == 12
    assert report.alerts == [] and report.peaks == [] and report.series[-1].events


def test_an_event_weighs_its_confidence_date_and_status():
    from veille.stories.escalation import event_weight

    sure = ev(END)
    assert event_weight(sure) == 1.0
    assert event_weight(EventRow("a", 0, "ASSAULT", "USA", "IRN", END, confidence=0.4)) == pytest.approx(0.4)
    undated = EventRow("a", 0, "ASSAULT", "USA", "IRN", END, date_explicit=False)
    threat = EventRow("a", 0, "THREATEN", "USA", "IRN", END, status="threatened")
    assert event_weight(undated) == pytest.approx(0.5) and event_weight(threat) == pytest.approx(0.6)


def test_camps_put_institutions_and_allies_on_their_state_side(tmp_path):
    from veille.stories.camps import load_camps

    camps = load_camps()
    assert camps.camp_of("IRNGOV", "IRN", "government") == "IRN"
    assert camps.camp_of("LBNREBHEZ", "LBN", "armed_group") == "IRN"
    assert camps.camp_of("LBYREBLNA", "LBY", "armed_group") == "LBY-LNA"
    assert camps.camp_of("LBY-GOV", "LBY", "government") == "LBY-GNA"
    assert camps.camp_of("IRQREBISIS", "IRQ", "armed_group") == "IRQREBISIS"  # a side of its own
    assert camps.camp_of("REB", None, "armed_group") is None  # generic rebels: no side
    assert camps.side("IRNGOV") == "IRN" and camps.side("LBY-GOV") == "LBY-GNA"
    mine = tmp_path / "camps.yaml"
    mine.write_text("camps:\n- id: LBN\n  name: Lebanon and Hezbollah\n  countries: [LBN]\n"
                    "  members: [LBNREBHEZ]\n", encoding="utf-8")
    assert load_camps([mine]).camp_of("LBNREBHEZ", "LBN", "armed_group") == "LBN"


def test_undated_events_of_the_sides_are_counted_as_left_out():
    events = stream({k: 1 for k in range(0, 10)})
    undated = [EventRow("u1", 0, "ASSAULT", "USA", "IRN", None),
               EventRow("u1", 1, "THREATEN", "IRN", "USA", None),
               EventRow("u2", 0, "ASSAULT", "USA", "IRN", None, status="denied"),
               EventRow("u3", 0, "ASSAULT", "ISR", "LBN", None)]
    report = escalation_index(events + undated, ("USA", "IRN"))
    assert report.events == 10
    assert report.to_dict()["left_out_undated"] == {"articles": 1, "events": 2}
