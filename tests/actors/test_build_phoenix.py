"""The Phoenix/PETRARCH dictionary conversion (`veille actors build-phoenix`)."""

from __future__ import annotations

import gzip
import json
from datetime import date

from veille.actors.build_phoenix import (_day, build_entries, load_rules, name_words,
                                         parse_dictionary, written_forms)
from veille.actors.kb import DATA_DIR, _package_files, load_kb

SAMPLE = """# comment
LIBYA_  [LBY]
+LIBYAN_
MUAMMAR_GADDAFI_
+MUAMMAR_QADHAFI_  # CountryInfo.txt
+COLONEL_GADDAFI
+QADDAFI
\t[LBYGOV 19690901-20110823]
KEJJO_BIEN_  # CountryInfo.txt
\t[MHLGOV 100101-120101]
ABDUL_QADIR_  # CountryInfo.txt
\t[AFGELI 620101-780427]
AFGHAN_NATIONAL_SECURITY_FORCES
\t[AFGMIL]
JOE_BIDEN_  # CountryInfo.txt
\t[USAGOV >090120]
"""


def test_dates_and_roles_are_read_as_petrarch_writes_them(tmp_path):
    assert _day("690901") == date(1969, 9, 1) and _day("070723") == date(2007, 7, 23)
    assert _day("19690901") == date(1969, 9, 1) and _day("2004017") is None
    path = tmp_path / "Phoenix.Countries.actors.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    entries = {e.name: e for e in parse_dictionary(path)}
    assert entries["MUAMMAR_GADDAFI_"].codes == [("LBYGOV", date(1969, 9, 1), date(2011, 8, 23))]
    assert entries["MUAMMAR_GADDAFI_"].synonyms == ["MUAMMAR_QADHAFI_", "COLONEL_GADDAFI", "QADDAFI"]
    assert entries["JOE_BIDEN_"].codes == [("USAGOV", date(2009, 1, 20), None)]


def test_french_written_forms_come_from_the_rules():
    rules = load_rules()
    assert name_words("UN_SECRETARY_GENERAL", rules) is None
    assert name_words("COLONEL_GADDAFI", rules) == ["Gaddafi"]
    forms = written_forms(name_words("MUAMMAR_AL_QADDAFI_", rules), rules)
    assert forms[0] == "Muammar al-Qaddafi" and "Muammar el-Qaddafi" in forms
    assert "Muammar Qaddafi" in forms
    assert {"Kadhafi", "Kaddafi"} <= set(written_forms(["Gaddafi"], rules) + written_forms(["Qaddafi"], rules))
    assert "Mouammar" in written_forms(["Muammar"], rules)


def test_conversion_keeps_dates_codes_and_lets_curated_names_win(tmp_path):
    (tmp_path / "Phoenix.Countries.actors.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "Phoenix.International.actors.txt").write_text("", encoding="utf-8")
    (tmp_path / "Phoenix.MilNonState.actors.txt").write_text(
        "ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_ [YEMREB] #  kkl\n+JAYSH_ADAN_\n", encoding="utf-8")
    curated = [p for p in _package_files() if p.suffix == ".yaml"]
    entries = {e["name"]: e for e in build_entries(tmp_path, curated)}
    gaddafi = entries["Muammar Gaddafi"]
    assert (gaddafi["country"], gaddafi["kind"]) == ("LBY", "person")
    assert gaddafi["affiliations"] == [{"org": "LBY", "role": "office", "from": "1969-09-01",
                                        "to": "2011-08-23", "note": "CAMEO LBYGOV"}]
    assert {"Mouammar Kadhafi", "Kadhafi", "Muammar Qadhafi"} <= set(gaddafi["aliases"]["fr"])
    assert "Joe Biden" not in entries                     # curated people.yaml has him
    assert "Abdul Qadir" not in entries                   # every role ended before 1995
    assert "Bien" not in entries["Kejjo Bien"].get("aliases", {}).get("fr", [])  # a French word
    assert not any("Forces" in name for name in entries)  # institutions are not people
    army = entries["Aden Abyan Islamic Army"]
    assert (army["kind"], army["country"], army["sector"]) == ("armed_group", "YEM", "REB")


def test_the_shipped_phoenix_kb_loads_with_its_licence_and_resolves_kadhafi():
    data = json.loads(gzip.decompress((DATA_DIR / "phoenix.json.gz").read_bytes()))
    assert len(data["actors"]) > 15_000
    assert "Open Event Data" in (DATA_DIR / "PHOENIX-LICENSE.txt").read_text(encoding="utf-8")
    kb = load_kb()
    ids = {i for text, i, _ in kb.aliases("fr") if text in ("Mouammar Kadhafi", "Kadhafi")}
    assert len(ids) == 1 and kb.get(ids.pop()).country == "LBY"
    size = sum(p.stat().st_size for p in DATA_DIR.parent.parent.rglob("*") if p.is_file())
    assert size < 30 * 1024 * 1024
