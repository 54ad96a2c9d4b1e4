from __future__ import annotations

import pytest

from dualcareer.matching.geo import (
    CommutingFlows,
    Gazetteer,
    Place,
    commute_minutes,
    couple_homes,
    distance_km,
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def _place(gazetteer: Gazetteer, code: str) -> Place:
    place = gazetteer.postcode(code)
    assert place is not None
    return place


def test_postcode_gives_place_district_and_coordinates(gazetteer: Gazetteer) -> None:
    bochum = _place(gazetteer, "44801")
    assert bochum.name == "Bochum"
    assert bochum.district_key == "05911"
    assert bochum.state == "Nordrhein-Westfalen"
    assert bochum.lat == pytest.approx(51.48, abs=0.05)
    assert bochum.lon == pytest.approx(7.22, abs=0.05)
    assert gazetteer.postcode("00000") is None


def test_place_search_ignores_umlaut_spelling(gazetteer: Gazetteer) -> None:
    assert gazetteer.search("Muenchen")[0].district_key == "09162"
    assert gazetteer.locate("Arbeitsort: 45127 Essen") == gazetteer.postcode("45127")


def test_distances_and_commutes_between_ruhr_cities(gazetteer: Gazetteer) -> None:
    bochum, dortmund = _place(gazetteer, "44801"), _place(gazetteer, "44227")
    munich = _place(gazetteer, "80331")
    assert distance_km(bochum, dortmund) == pytest.approx(17, abs=2)
    assert 20 < commute_minutes(bochum, dortmund) < 45
    assert commute_minutes(bochum, munich) > 5 * commute_minutes(bochum, dortmund)


def test_real_commuting_flow_between_bochum_and_dortmund() -> None:
    flows = CommutingFlows.default()
    bochum_to_dortmund = flows.commuters(home_key="05911", work_key="05913")
    assert bochum_to_dortmund is not None and bochum_to_dortmund > 1000
    near = flows.strength(home_key="05911", work_key="05913")
    far = flows.strength(home_key="09162", work_key="05913")  # Munich -> Dortmund
    assert near > far


def test_bochum_dortmund_couple_has_a_home_within_45_minutes(gazetteer: Gazetteer) -> None:
    homes = couple_homes(
        _place(gazetteer, "44801"), _place(gazetteer, "44227"), limit_a=45, limit_b=45
    )
    assert homes
    assert all(h.minutes_a <= 45 and h.minutes_b <= 45 for h in homes)
    keys = [h.district_key for h in homes]
    assert {"05911", "05913"} & set(keys[:5])  # the cities themselves rank high
    assert [h.score for h in homes] == sorted((h.score for h in homes), reverse=True)


def test_tighter_limits_give_fewer_homes(gazetteer: Gazetteer) -> None:
    essen, dortmund = _place(gazetteer, "45127"), _place(gazetteer, "44227")
    wide = couple_homes(essen, dortmund, limit_a=60, limit_b=60, top=100)
    tight = couple_homes(essen, dortmund, limit_a=30, limit_b=30, top=100)
    assert len(tight) < len(wide)


def test_munich_hamburg_couple_has_no_home(gazetteer: Gazetteer) -> None:
    assert (
        couple_homes(_place(gazetteer, "80331"), _place(gazetteer, "20095"), limit_a=90, limit_b=90)
        == []
    )


def test_large_customer_postcodes_are_never_suggested_as_homes(gazetteer: Gazetteer) -> None:
    # 58449 (Witten) is a large-customer postcode: a court, a bank, companies.
    codes, _lats, _lons, _districts = gazetteer.postcode_arrays()
    assert "58449" not in codes
    assert "44801" in codes
    homes = couple_homes(
        _place(gazetteer, "44801"), _place(gazetteer, "44227"), limit_a=45, limit_b=45, top=50
    )
    assert homes
    assert all(h.place.postcode != "58449" for h in homes)


def test_places_named_like_authorities_stay_homes_when_they_are_towns(
    gazetteer: Gazetteer,
) -> None:
    codes, *_ = gazetteer.postcode_arrays()
    assert _place(gazetteer, "01829").name == "Stadt Wehlen"
    assert "01829" in codes


def test_large_customer_postcode_is_named_by_its_town(gazetteer: Gazetteer) -> None:
    witten = _place(gazetteer, "58449")
    assert witten.name == "Witten"
    assert witten.district_key == "05954"
