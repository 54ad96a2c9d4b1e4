"""ESCO occupations: the catalogue, graded similarity, and linking free text to occupations.

This service uses the ESCO classification of the European Commission
(ESCO v1.2.0, shipped in ``dualcareer/data``; see its README for attribution).

- :class:`OccupationCatalog` holds the 3,039 ESCO occupations with their
  German and English labels and descriptions.
- :func:`occupation_similarity` grades two occupations: 1.0 for the same one,
  then less the further apart they sit in ESCO's hierarchy and in ISCO-08
  (:func:`isco_similarity`: same 4-digit unit group, then shared 3/2/1-digit
  prefix).
- :class:`OccupationLinker` links a title or profile text in German or English
  to occupations. It combines, per occupation and over all its labels in both
  languages: an exact match of the normalised label, BM25 over stemmed,
  compound-split terms, character n-gram tf-idf (spelling variants, partial
  compounds) and the cosine of multilingual sentence embeddings (across
  languages: "Softwareentwicklerin" finds "software developer").
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from dualcareer.matching.texts import (
    DATA_DIR,
    CompoundSplitter,
    Language,
    analyse,
    char_ngrams,
    detect_language,
    normalise_title,
)
from dualcareer.matching.vectors import (
    BM25Index,
    Embedder,
    FloatArray,
    TfidfIndex,
    default_embedder,
    load_text_vectors,
    save_text_vectors,
)

LANGUAGES: tuple[Language, Language] = ("de", "en")
LABEL_VECTORS = DATA_DIR / "esco_label_vectors.npz"

# Credit for two different occupations by the length of the ISCO-08 prefix they share.
ISCO_PREFIX_CREDIT = {4: 1.0, 3: 0.5, 2: 0.25, 1: 0.1, 0: 0.0}


@dataclass(frozen=True)
class Occupation:
    """One ESCO occupation with its labels in German and English."""

    uri: str
    isco_group: str  # ISCO-08 unit group, 4 digits, e.g. "2512"
    code: str  # ESCO hierarchy code below the ISCO group, e.g. "2512.4"
    preferred: Mapping[str, str]  # language -> preferred label
    alternatives: Mapping[str, tuple[str, ...]]  # language -> alternative and hidden labels
    description: Mapping[str, str]

    def title(self, lang: str) -> str:
        """Return the preferred label in `lang`, gender pair reduced to one form."""
        return normalise_title(self.preferred[lang], "de") if lang == "de" else self.preferred[lang]


def isco_similarity(a: str, b: str) -> float:
    """Return 1.0 for the same ISCO-08 unit group, less for a shorter shared prefix, else 0."""
    shared = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        shared += 1
    return ISCO_PREFIX_CREDIT[shared]


def occupation_similarity(a: Occupation, b: Occupation) -> float:
    """Return 1.0 for the same occupation, 0.8 parent/child or siblings in ESCO, else ISCO credit.

    Different occupations get at most 0.6 (same ISCO unit group), so they
    never tie with the occupation itself.
    """
    if a.uri == b.uri:
        return 1.0
    code_a, code_b = a.code.split("."), b.code.split(".")
    if len(code_a) > 1 and len(code_b) > 1:
        shared = 0
        for x, y in zip(code_a, code_b, strict=False):
            if x != y:
                break
            shared += 1
        if shared >= min(len(code_a), len(code_b)) or shared >= 2:
            return 0.8 if shared >= min(len(code_a), len(code_b)) else 0.7
    return 0.6 * isco_similarity(a.isco_group, b.isco_group)


@dataclass
class OccupationCatalog:
    """The ESCO occupations, optionally without some labels (to evaluate on held-out labels)."""

    occupations: list[Occupation]
    excluded_labels: frozenset[str] = frozenset()
    by_uri: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.by_uri = {o.uri: i for i, o in enumerate(self.occupations)}

    def __len__(self) -> int:
        return len(self.occupations)

    def __getitem__(self, uri: str) -> Occupation:
        return self.occupations[self.by_uri[uri]]

    @classmethod
    def load(
        cls, *, exclude_labels: Collection[str] = (), data_dir: Path = DATA_DIR
    ) -> OccupationCatalog:
        """Read the shipped ESCO files; alternative labels in `exclude_labels` are left out."""
        excluded = frozenset(exclude_labels)
        rows: dict[str, dict[str, dict[str, str]]] = {}
        for lang in LANGUAGES:
            path = data_dir / f"esco_occupations_{lang}.csv.gz"
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    rows.setdefault(row["uri"], {})[lang] = row
        occupations = []
        for uri, by_lang in sorted(rows.items()):
            first = by_lang["en"]
            alternatives: dict[str, tuple[str, ...]] = {
                lang: tuple(
                    label
                    for cell in ("alt_labels", "hidden_labels")
                    for label in by_lang[lang][cell].split("|")
                    if label and label not in excluded
                )
                for lang in LANGUAGES
            }
            occupations.append(
                Occupation(
                    uri=uri,
                    isco_group=first["isco_group"],
                    code=first["code"],
                    preferred={lang: by_lang[lang]["preferred_label"] for lang in LANGUAGES},
                    alternatives=alternatives,
                    description={lang: by_lang[lang]["description"] for lang in LANGUAGES},
                )
            )
        return cls(occupations, excluded)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> OccupationCatalog:
        """Return the full catalogue, loaded once per process."""
        return cls.load()

    def labels(self) -> Iterator[tuple[int, Language, str]]:
        """Yield (occupation index, language, label) for every preferred and alternative label."""
        for i, occupation in enumerate(self.occupations):
            for lang in LANGUAGES:
                yield i, lang, occupation.preferred[lang]
                for label in occupation.alternatives[lang]:
                    yield i, lang, label

    def splitter(self) -> CompoundSplitter:
        """Return a compound splitter trained on this catalogue's German texts only."""
        texts: list[str] = []
        for occupation in self.occupations:
            texts.append(occupation.description["de"])
            texts.append(occupation.preferred["de"])
            texts.extend(occupation.alternatives["de"])
        return CompoundSplitter.from_texts(texts)


def label_key(label: str, lang: Language) -> str:
    """Return the exact-match key of a label: its stemmed terms, gender forms neutralised."""
    return " ".join(sorted(set(analyse(label, lang, split_compounds=False))))


@dataclass(frozen=True)
class OccupationLink:
    """An occupation that a text was linked to, with the evidence."""

    occupation: Occupation
    score: float  # 0..~1.6; >= 1 means an exact label match
    label: str  # the label that matched best (lexically), for explanations
    exact: bool


@dataclass(frozen=True)
class LinkWeights:
    """How the linker's signals add up (each signal is about 0..1)."""

    exact: float = 0.6
    bm25: float = 0.45
    chars: float = 0.35
    embedding: float = 0.8
    embedding_floor: float = 0.25  # cosines below this carry no information for USE


class OccupationLinker:
    """Links texts to ESCO occupations across German and English (see the module docstring)."""

    def __init__(
        self,
        catalog: OccupationCatalog,
        embedder: Embedder | None = None,
        *,
        weights: LinkWeights | None = None,
        vectors_path: Path | None = LABEL_VECTORS,
    ) -> None:
        self.catalog = catalog
        self.embedder = embedder
        self.weights = weights or LinkWeights()
        self._splitter = catalog.splitter() if catalog.excluded_labels else None
        self._label_occ: list[int] = []
        self._label_text: list[str] = []
        self._exact: dict[tuple[str, str], set[int]] = {}
        self._bm25 = {lang: BM25Index() for lang in LANGUAGES}
        self._bm25_rows: dict[str, list[int]] = {lang: [] for lang in LANGUAGES}
        self._chars = TfidfIndex()
        for occ, lang, label in catalog.labels():
            row = len(self._label_occ)
            self._label_occ.append(occ)
            self._label_text.append(label)
            shown = normalise_title(label, "de") if lang == "de" else label
            terms = self.analyse(shown, lang)
            self._bm25[lang].add(terms)
            self._bm25_rows[lang].append(row)
            self._chars.add(char_ngrams(shown))
            self._exact.setdefault((lang, label_key(shown, lang)), set()).add(occ)
        self._label_occ_arr = np.asarray(self._label_occ, dtype=np.int64)
        self._bm25_rows_arr = {k: np.asarray(v, np.int64) for k, v in self._bm25_rows.items()}
        self._occ_vectors: FloatArray | None = None
        if embedder is not None:
            self._occ_vectors = self._occupation_vectors(embedder, vectors_path)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> OccupationLinker:
        """Return the linker over the full catalogue with the engine's embedder (cached)."""
        return cls(OccupationCatalog.default(), default_embedder())

    def exact_matches(self, text: str) -> set[int]:
        """Return the indices of occupations that have `text` as a label (after normalisation)."""
        found: set[int] = set()
        for lang in LANGUAGES:
            shown = normalise_title(text, "de") if lang == "de" else text
            found |= self._exact.get((lang, label_key(shown, lang)), set())
        return found

    def analyse(self, text: str, lang: Language) -> list[str]:
        """Return index terms of `text` with this linker's compound vocabulary."""
        return analyse(text, lang, splitter=self._splitter)

    def _occupation_vectors(self, embedder: Embedder, path: Path | None) -> FloatArray:
        """Return (occupations, 2, dim) embeddings of the preferred labels in DE and EN."""
        keys = [f"{o.uri}|{lang}" for o in self.catalog.occupations for lang in LANGUAGES]
        stored = load_text_vectors(path, embedder.name) if path is not None else None
        if stored is not None and set(stored[0]) >= set(keys):
            position = {key: i for i, key in enumerate(stored[0])}
            matrix = stored[1][[position[k] for k in keys]]
        else:
            matrix = embedder.embed(
                [o.title(lang) for o in self.catalog.occupations for lang in LANGUAGES]
            )
        return matrix.reshape(len(self.catalog), len(LANGUAGES), embedder.dim)

    def save_vectors(self, path: Path = LABEL_VECTORS) -> Path:
        """Store the preferred-label embeddings so that start-up needs no embedding run."""
        if self._occ_vectors is None or self.embedder is None:
            raise ValueError("linker has no embedder")
        keys = [f"{o.uri}|{lang}" for o in self.catalog.occupations for lang in LANGUAGES]
        flat = self._occ_vectors.reshape(-1, self.embedder.dim)
        return save_text_vectors(path, keys, flat, self.embedder.name)

    def scores(
        self, text: str, *, lang: Language | None = None, vector: FloatArray | None = None
    ) -> tuple[FloatArray, FloatArray, np.ndarray]:
        """Return per occupation (combined score, exact flag, best lexical label row).

        `vector` is the text's embedding if the caller already has it.
        """
        w = self.weights
        n_occ = len(self.catalog)
        lang = lang or detect_language(text)
        shown = normalise_title(text, "de") if lang == "de" else text
        n_labels = len(self._label_occ)

        lexical = np.zeros(n_labels, dtype=np.float32)
        exact = np.zeros(n_occ, dtype=np.float32)
        exact[list(self.exact_matches(text))] = 1.0
        for query_lang in LANGUAGES:
            terms = self.analyse(shown, query_lang)
            if not terms:
                continue
            raw = self._bm25[query_lang].search(terms)
            scale = self._bm25[query_lang].self_score(terms) or 1.0
            rows = self._bm25_rows_arr[query_lang]
            # The query's own language counts fully, the other one (shared loanwords) less.
            factor = 1.0 if query_lang == lang else 0.7
            lexical[rows] = np.maximum(lexical[rows], factor * np.minimum(raw / scale, 1.0))
        label_scores = w.bm25 * lexical + w.chars * self._chars.search(char_ngrams(shown))

        combined = np.zeros(n_occ, dtype=np.float32)
        np.maximum.at(combined, self._label_occ_arr, label_scores)
        best_label = np.full(n_occ, -1, dtype=np.int64)
        order = np.argsort(label_scores)  # ascending: the best label is written last
        best_label[self._label_occ_arr[order]] = order
        combined += w.exact * exact
        if self._occ_vectors is not None and self.embedder is not None:
            if vector is None:
                vector = self.embedder.embed([shown])[0]
            cosine = (self._occ_vectors @ vector).max(axis=1)
            combined += (
                w.embedding
                * np.clip(cosine - w.embedding_floor, 0.0, None)
                / (1.0 - w.embedding_floor)
            )
        return combined, exact, best_label

    def link(
        self, text: str, *, top: int = 5, lang: Language | None = None, min_score: float = 0.2
    ) -> list[OccupationLink]:
        """Return the occupations `text` most likely names, best first."""
        if not text.strip():
            return []
        combined, exact, best_label = self.scores(text, lang=lang)
        order = np.argsort(-combined)[:top]
        return [
            OccupationLink(
                occupation=self.catalog.occupations[i],
                score=float(combined[i]),
                label=self._label_text[best_label[i]] if best_label[i] >= 0 else "",
                exact=bool(exact[i]),
            )
            for i in order
            if combined[i] >= min_score
        ]

    def similarity_rows(self, indices: Sequence[int]) -> FloatArray:
        """Return occupation_similarity of each occupation in `indices` to every occupation."""
        occupations = self.catalog.occupations
        out = np.zeros((len(indices), len(occupations)), dtype=np.float32)
        for r, i in enumerate(indices):
            out[r] = _similarity_row(self.catalog, i)
        return out


_SIM_CACHE: dict[tuple[int, int], FloatArray] = {}


def _similarity_row(catalog: OccupationCatalog, index: int) -> FloatArray:
    key = (id(catalog), index)
    row = _SIM_CACHE.get(key)
    if row is None:
        a = catalog.occupations[index]
        row = np.fromiter(
            (occupation_similarity(a, b) for b in catalog.occupations),
            dtype=np.float32,
            count=len(catalog),
        )
        if len(_SIM_CACHE) > 20_000:
            _SIM_CACHE.clear()
        _SIM_CACHE[key] = row
    return row
