from __future__ import annotations

from pathlib import Path

import numpy as np

from dualcareer.matching.occupations import (
    LINKER_INDEX,
    OccupationCatalog,
    OccupationLinker,
)

TITLES = ("Bäckerin (m/w/d)", "Staatlich geprüfte/r Techniker/in - Fachrichtung Bautechnik")


def _small(catalog: OccupationCatalog, n: int) -> OccupationCatalog:
    return OccupationCatalog(catalog.occupations[:n])


def _same_scores(a: OccupationLinker, b: OccupationLinker) -> None:
    for title in TITLES:
        for left, right in zip(a.scores(title), b.scores(title), strict=True):
            assert np.array_equal(left, right)


def test_shipped_index_is_current(linker: OccupationLinker) -> None:
    # Fails after a change to the labels or to occupations.py / texts.py until
    # `python -m dualcareer.data.build --index` regenerates the file.
    with np.load(LINKER_INDEX, allow_pickle=False) as data:
        assert str(data["key"]) == linker.index_key()


def test_saved_index_loads_to_the_same_linker(catalog: OccupationCatalog, tmp_path: Path) -> None:
    small = _small(catalog, 60)
    built = OccupationLinker(small, index_path=None)
    path = built.save_index(tmp_path / "index.npz")
    loaded = OccupationLinker(small, index_path=path)
    assert loaded._exact == built._exact
    _same_scores(built, loaded)


def test_index_of_other_labels_is_ignored(catalog: OccupationCatalog, tmp_path: Path) -> None:
    path = OccupationLinker(_small(catalog, 60), index_path=None).save_index(tmp_path / "i.npz")
    other = _small(catalog, 40)
    from_stale_file = OccupationLinker(other, index_path=path)
    _same_scores(from_stale_file, OccupationLinker(other, index_path=None))
    assert len(from_stale_file._chars) == len(from_stale_file._label_occ)
