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
  languages: "Softwareentwicklerin" finds "software developer"). Its best
  hundred candidates are then re-ordered by a second stage with more evidence
  (every label's and the description's embedding, ISCO group support;
  :mod:`.rerank`).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from dualcareer.matching.rerank import (
    EVIDENCE_VECTORS,
    FEATURES,
    RERANKER,
    RERANKER_SECOND,
    SECOND_FEATURES,
    SECOND_VECTORS,
    Candidates,
    CatalogShape,
    EvidenceVectors,
    RerankModel,
    candidate_features,
    evidence_keys,
    rerank,
    second_features,
)
from dualcareer.matching.texts import (
    DATA_DIR,
    CompoundSplitter,
    Language,
    analyse,
    char_ngrams,
    detect_language,
    normalise_title,
)
from dualcareer.matching.titles import has_complement, label_head, parse_title
from dualcareer.matching.vectors import (
    BM25Index,
    Embedder,
    FloatArray,
    TfidfIndex,
    default_embedder,
    load_text_vectors,
    save_text_vectors,
    second_embedder,
)

LANGUAGES: tuple[Language, Language] = ("de", "en")
LABEL_VECTORS = DATA_DIR / "esco_label_vectors.npz"
LINKER_INDEX = DATA_DIR / "esco_linker_index.npz"

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
    parse: bool = True  # parse titles (titles.py) into core, qualifiers and variants
    variant: float = 0.95  # weight of a rewritten variant against the parsed core
    original: float = 1.0  # weight of the text as written (only gender forms reduced)
    head_boost: int = 0  # extra copies of the head's term in the BM25 query
    head_penalty: float = 1.0  # lexical score of labels without the title's head word
    core: float = 0.8  # weight of the core alone when the title has qualifiers
    description: float = 0.0  # BM25 of the title against ESCO's descriptions
    # Lexical score of a label with a complement whose own head word ("Lehrkraft" in
    # "Lehrkraft im Bereich Gastronomie") shares no term with the title: the title
    # matched only the complement.
    label_head: float = 0.7


class OccupationLinker:
    """Links texts to ESCO occupations across German and English (see the module docstring)."""

    def __init__(
        self,
        catalog: OccupationCatalog,
        embedder: Embedder | None = None,
        *,
        weights: LinkWeights | None = None,
        vectors_path: Path | None = LABEL_VECTORS,
        index_path: Path | None = LINKER_INDEX,
        rerank_path: Path | None = RERANKER,
        evidence_path: Path | None = EVIDENCE_VECTORS,
        second: Embedder | None = None,
        second_rerank_path: Path | None = RERANKER_SECOND,
        second_path: Path | None = SECOND_VECTORS,
    ) -> None:
        self.catalog = catalog
        self.embedder = embedder
        self.second = second
        self.weights = weights or LinkWeights()
        self._splitter = catalog.splitter() if catalog.excluded_labels else None
        self._label_occ: list[int] = []
        self._label_text: list[str] = []
        self._exact: dict[tuple[str, str], set[int]] = {}
        self._bm25 = {lang: BM25Index() for lang in LANGUAGES}
        self._bm25_rows: dict[str, list[int]] = {lang: [] for lang in LANGUAGES}
        self._chars = TfidfIndex()
        for occ, lang, label in catalog.labels():
            self._bm25_rows[lang].append(len(self._label_occ))
            self._label_occ.append(occ)
            self._label_text.append(label)
        # The lexical index takes seconds to build; the full catalogue's is shipped prebuilt
        # (dualcareer/data/build.py) and used when it was built from the same labels and code.
        usable = index_path is not None and not catalog.excluded_labels
        if not (usable and self._load_index(index_path)):  # type: ignore[arg-type]
            self._build_index()
            if self.weights.description:
                self._build_descriptions()
        self._label_occ_arr = np.asarray(self._label_occ, dtype=np.int64)
        self._bm25_rows_arr = {k: np.asarray(v, np.int64) for k, v in self._bm25_rows.items()}
        self._occ_vectors: FloatArray | None = None
        if embedder is not None:
            self._occ_vectors = self._occupation_vectors(embedder, vectors_path)
        # The second stage (see .rerank) needs the embedder; without one it is off. With the
        # second model it uses the model fitted with that model's features, if there is one.
        self.reranker: RerankModel | None = None
        if rerank_path and embedder:
            if self.second is not None and second_rerank_path:
                self.reranker = RerankModel.load(
                    second_rerank_path,
                    self.model_names(),
                    FEATURES + SECOND_FEATURES,
                )
            if self.reranker is None:
                self.reranker = RerankModel.load(rerank_path, embedder.name)
        self._evidence_path = evidence_path
        self._evidence: EvidenceVectors | None = None
        self._second_path = second_path
        self._second_vectors: EvidenceVectors | None = None

    def _build_descriptions(self) -> None:
        """Index each occupation's description (BM25 per language): weak extra evidence."""
        self._descriptions = {lang: BM25Index() for lang in LANGUAGES}
        for occupation in self.catalog.occupations:
            for lang in LANGUAGES:
                self._descriptions[lang].add(self.analyse(occupation.description[lang], lang))

    def _build_index(self) -> None:
        """Analyse every label into the BM25, character n-gram and exact-match indexes."""
        for occ, lang, shown in zip(
            self._label_occ, self._label_langs(), self._label_texts_shown(), strict=True
        ):
            self._bm25[lang].add(self.analyse(shown, lang))
            self._chars.add(char_ngrams(shown))
            self._exact.setdefault((lang, label_key(shown, lang)), set()).add(occ)

    @property
    def _rows_de(self) -> frozenset[int]:
        rows = getattr(self, "_rows_de_cache", None)
        if rows is None:
            rows = frozenset(self._bm25_rows["de"])
            self._rows_de_cache = rows
        return rows

    def index_key(self) -> str:
        """Return a fingerprint of what the lexical index depends on: labels and analysis code."""
        digest = hashlib.sha256()
        for module in (Path(__file__), Path(__file__).with_name("texts.py")):
            digest.update(module.read_bytes())
        for occ, label in zip(self._label_occ, self._label_text, strict=True):
            digest.update(f"{occ}\t{label}\n".encode())
        digest.update(repr(self._splitter is None).encode())
        return digest.hexdigest()

    def save_index(self, path: Path = LINKER_INDEX) -> Path:
        """Store the lexical index (see :meth:`_load_index`); dualcareer/data/build.py calls it."""
        exact = [(lang, key, occ) for (lang, key), occs in self._exact.items() for occ in occs]
        arrays: dict[str, np.ndarray] = {
            "key": np.asarray(self.index_key()),
            "exact_lang": np.asarray([e[0] for e in exact], dtype=np.str_),
            "exact_key": np.asarray([e[1] for e in exact], dtype=np.str_),
            "exact_occ": np.asarray([e[2] for e in exact], dtype=np.int64),
        }
        for lang in LANGUAGES:
            arrays.update(self._bm25[lang].state(f"bm25_{lang}_"))
        arrays.update(self._chars.state("chars_"))
        for lang, index in getattr(self, "_descriptions", {}).items():
            arrays.update(index.state(f"descriptions_{lang}_"))
        with path.open("wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]
        return path

    def _load_index(self, path: Path) -> bool:
        """Load the index stored by :meth:`save_index`; False if absent or built from other data."""
        if not path.exists():
            return False
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) != self.index_key():
                return False
            arrays = {name: data[name] for name in data.files}
        for lang in LANGUAGES:
            self._bm25[lang].load_state(arrays, f"bm25_{lang}_")
        self._chars.load_state(arrays, "chars_")
        if "descriptions_de_vocabulary" in arrays:
            self._descriptions = {lang: BM25Index() for lang in LANGUAGES}
            for lang in LANGUAGES:
                self._descriptions[lang].load_state(arrays, f"descriptions_{lang}_")
        elif self.weights.description:
            self._build_descriptions()
        for lang, key, occ in zip(
            arrays["exact_lang"].tolist(),
            arrays["exact_key"].tolist(),
            arrays["exact_occ"].tolist(),
            strict=True,
        ):
            self._exact.setdefault((lang, key), set()).add(occ)
        return True

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> OccupationLinker:
        """Return the linker over the full catalogue with the engine's embedder (cached).

        It is warmed up before it is returned: the model, the title parser's
        place names and the compound splitter load on the first query otherwise.
        """
        linker = cls(OccupationCatalog.default(), default_embedder(), second=second_embedder())
        linker.scores("Fachkraft (m/w/d) in Berlin")
        for lang in LANGUAGES:
            linker._label_heads(lang)
        return linker

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

    def query_text(self, text: str, lang: Language | None = None) -> str:
        """Return what of `text` names the occupation (see :mod:`.titles`): what to embed."""
        if not self.weights.parse:
            return normalise_title(text, lang)
        return parse_title(text, lang).query

    def _queries(self, text: str, lang: Language) -> list[tuple[str, float]]:
        """Return the texts to match for `text` with their weights, best reading first."""
        shown = normalise_title(text, "de") if lang == "de" else normalise_title(text, "en")
        if not self.weights.parse:
            return [(shown, 1.0)]
        parsed = parse_title(text, lang)
        out = [(parsed.query, 1.0)]
        out.extend((variant, self.weights.variant) for variant in parsed.variants)
        if parsed.core and parsed.core != parsed.query:
            out.append((parsed.core, self.weights.core))
        out.append((shown, self.weights.original))
        seen: dict[str, float] = {}
        for query, weight in out:
            if query and weight > seen.get(query, 0.0):
                seen[query] = weight
        return list(seen.items())

    def _label_scores(self, shown: str, lang: Language, head: str = "") -> FloatArray:
        """Return the lexical score (BM25 and character n-grams) of every label for `shown`."""
        w = self.weights
        lexical = np.zeros(len(self._label_occ), dtype=np.float32)
        for query_lang in LANGUAGES:
            terms = self.analyse(shown, query_lang)
            if not terms:
                continue
            if head and w.head_boost and query_lang == lang:
                head_terms = self.analyse(head, query_lang)
                terms = terms + head_terms[-1:] * w.head_boost
            raw = self._bm25[query_lang].search(terms)
            scale = self._bm25[query_lang].self_score(terms) or 1.0
            rows = self._bm25_rows_arr[query_lang]
            # The query's own language counts fully, the other one (shared loanwords) less.
            factor = 1.0 if query_lang == lang else 0.7
            lexical[rows] = np.maximum(lexical[rows], factor * np.minimum(raw / scale, 1.0))
        return w.bm25 * lexical + w.chars * self._chars.search(char_ngrams(shown))

    def _best_labels(self, label_scores: FloatArray, out: FloatArray) -> np.ndarray:
        """Write each occupation's best label score into `out`; return that label's row.

        Labels are stored occupation by occupation, so the maximum per
        occupation is one `reduceat` (no per-label Python or `ufunc.at`).
        """
        starts = self._shape().label_starts
        np.maximum(out, np.maximum.reduceat(label_scores, starts), out=out)
        best_label = np.full(len(out), -1, dtype=np.int64)
        rows = np.flatnonzero(label_scores >= out[self._label_occ_arr])
        best_label[self._label_occ_arr[rows]] = rows
        return best_label

    def _description_scores(self, text: str, lang: Language) -> FloatArray:
        """Return per occupation the BM25 of `text` against its description, scaled to 0..1."""
        if getattr(self, "_descriptions", None) is None:
            self._build_descriptions()
        index = self._descriptions[lang]
        terms = self.analyse(text, lang)
        if not terms:
            return np.zeros(len(self.catalog), dtype=np.float32)
        raw = index.search(terms)
        best = float(raw.max()) if len(raw) else 0.0
        return raw / best if best > 0 else raw

    def _head_factor(self, text: str, lang: Language) -> FloatArray:
        """Return 1 for labels that contain the title's head word, `head_penalty` for others.

        The head of a German compound decides the occupation ("...fachwirt",
        "...fahrer"); a label that shares only the modifier ("Lehrkraft für
        Tourismus" for "Tourismuskaufmann") is a false friend. Titles whose head
        no label contains are left alone.
        """
        w = self.weights
        factor = np.ones(len(self._label_occ), dtype=np.float32)
        parsed = parse_title(text, lang)
        heads = [parsed.head] if parsed.head else []
        heads += [parse_title(v, lang).head for v in parsed.variants]
        stems = {self.analyse(h, lang)[-1] for h in heads if h and self.analyse(h, lang)}
        if not stems:
            return factor
        rows = self._bm25_rows_arr[lang]
        found = np.zeros(len(rows), dtype=bool)
        for stem in stems:
            found |= self._bm25[lang].search([stem]) > 0
        if not found.any():
            return factor
        factor[:] = w.head_penalty
        factor[rows[found]] = 1.0
        return factor

    def _label_heads(self, lang: Language) -> dict[str, np.ndarray]:
        """Return, per index term, the rows of `lang` labels whose head word has that term.

        A label's head terms are the whole head word's term and its last compound
        part ("Tourismuslehrer" -> "tourismuslehr", "lehr"), not its modifiers.
        """
        cache: dict[str, dict[str, np.ndarray]] = self.__dict__.setdefault("_heads", {})
        if lang not in cache:
            postings: dict[str, list[int]] = {}
            complemented: list[int] = []
            for row in self._bm25_rows[lang]:
                label = self._label_text[row]
                if not has_complement(label, lang):
                    continue
                complemented.append(row)
                head = label_head(label, lang)
                terms = self.analyse(head, lang) if head else []
                for term in {terms[0], terms[-1]} if terms else ():
                    postings.setdefault(term, []).append(row)
            cache[lang] = {t: np.asarray(r, dtype=np.int64) for t, r in postings.items()}
            cache[lang][""] = np.asarray(complemented, dtype=np.int64)
        return cache[lang]

    def _label_head_factor(self, queries: Sequence[str], lang: Language) -> FloatArray:
        """Return `label_head` for `lang` labels with a complement whose head no reading has."""
        factor = np.ones(len(self._label_occ), dtype=np.float32)
        terms = {term for query in queries for term in self.analyse(query, lang)}
        if not terms:
            return factor
        heads = self._label_heads(lang)
        factor[heads[""]] = self.weights.label_head
        for term in terms - {""}:
            rows = heads.get(term)
            if rows is not None:
                factor[rows] = 1.0
        return factor

    def scores(
        self,
        text: str,
        *,
        lang: Language | None = None,
        vector: FloatArray | None = None,
        second_vector: FloatArray | None = None,
    ) -> tuple[FloatArray, FloatArray, np.ndarray]:
        """Return per occupation (combined score, exact flag, best lexical label row).

        The title is parsed (:func:`.titles.parse_title`); every reading of it
        (core with qualifiers, rewritten variants, the text as written) is
        matched against the labels and each label keeps its best weighted
        score. `vector` is the embedding of :meth:`query_text` if the caller
        already has it, `second_vector` its embedding by the second model
        (:meth:`second_embed`). With an embedder and a fitted model, the best
        candidates are then re-ranked (:mod:`.rerank`).
        """
        combined, exact, best_label, first, vector = self._first_stage(text, lang, vector)
        if self.reranker is not None and first is not None and vector is not None:
            second = None
            if self.reranker.second:
                second = (
                    second_vector if second_vector is not None else self.second_vector(text, lang)
                )
            cands, features = self.candidate_features(
                first, vector, self.reranker.top, second_vector=second
            )
            rerank(combined, cands, self.reranker.score(features))
        return combined, exact, best_label

    def model_names(self) -> str:
        """Return the names of the embedding models the second stage's features come from."""
        names = [m.name for m in (self.embedder, self.second) if m is not None]
        return "+".join(names)

    def uses_second_model(self) -> bool:
        """True when the second stage weighs the second model's features."""
        return self.second is not None and self.reranker is not None and self.reranker.second

    def second_embed(self, texts: Sequence[str]) -> FloatArray:
        """Return the second model's vectors of :meth:`query_text` results (batched)."""
        if self.second is None:
            raise ValueError("the linker has no second model")
        return self.second.embed(texts)

    def second_vector(self, text: str, lang: Language | None = None) -> FloatArray | None:
        """Return the second model's vector of :meth:`query_text` (None without that model)."""
        if self.second is None:
            return None
        lang = lang or detect_language(text)
        vector: FloatArray = self.second.embed([self.query_text(text, lang)])[0]
        return vector

    def first_stage(
        self, text: str, *, lang: Language | None = None, vector: FloatArray | None = None
    ) -> tuple[Candidates, FloatArray]:
        """Return what :meth:`scores` knows before its second stage, and the title's vector."""
        _, _, _, first, vector = self._first_stage(text, lang, vector)
        if first is None or vector is None:
            raise ValueError("the second stage needs an embedder")
        return first, vector

    def _first_stage(
        self, text: str, lang: Language | None, vector: FloatArray | None
    ) -> tuple[FloatArray, FloatArray, np.ndarray, Candidates | None, FloatArray | None]:
        w = self.weights
        n_occ = len(self.catalog)
        lang = lang or detect_language(text)
        queries = self._queries(text, lang)
        head = parse_title(text, lang).head if w.parse and w.head_boost else ""

        exact = np.zeros(n_occ, dtype=np.float32)
        label_scores = np.zeros(len(self._label_occ), dtype=np.float32)
        for query, weight in queries:
            matches = list(self.exact_matches(query))
            if matches:
                exact[matches] = np.maximum(exact[matches], weight)
            scored = self._label_scores(query, lang, head)
            np.maximum(label_scores, weight * scored, out=label_scores)
        if w.parse and w.head_penalty < 1.0:
            label_scores *= self._head_factor(text, lang)
        if w.parse and w.label_head < 1.0:
            label_scores *= self._label_head_factor([q for q, _ in queries], lang)

        combined = np.zeros(n_occ, dtype=np.float32)
        best_label = self._best_labels(label_scores, combined)
        lexical = combined.copy()
        if w.description and w.parse:
            combined += w.description * self._description_scores(queries[0][0], lang)
        combined += w.exact * exact
        if self._occ_vectors is not None and self.embedder is not None:
            if vector is None:
                vector = self.embedder.embed([queries[0][0]])[0]
            cosine = (self._occ_vectors @ vector).max(axis=1)
            combined += (
                w.embedding
                * np.clip(cosine - w.embedding_floor, 0.0, None)
                / (1.0 - w.embedding_floor)
            )
            first = Candidates(combined, lexical, exact, cosine)
            return combined, exact, best_label, first, vector
        return combined, exact, best_label, None, None

    def candidate_features(
        self,
        first: Candidates,
        vector: FloatArray,
        top: int = 100,
        *,
        second_vector: FloatArray | None = None,
    ) -> tuple[np.ndarray, FloatArray]:
        """Return the `top` first-stage candidates and their :data:`.rerank.FEATURES`.

        With the title's `second_vector` (:meth:`second_vector`) the
        :data:`.rerank.SECOND_FEATURES` follow.
        """
        cands, features = candidate_features(first, self._shape(), self.evidence(), vector, top)
        if second_vector is None:
            return cands, features
        extra = second_features(
            cands, self._shape(), self.second_vectors(), self._label_is_de(), second_vector
        )
        return cands, np.concatenate([features, extra], axis=1)

    def second_vectors(self) -> EvidenceVectors:
        """Return the second model's vector of every label (loaded on first use)."""
        if self._second_vectors is None:
            if self.second is None:
                raise ValueError("the linker has no second model")
            label_keys, _ = self._evidence_keys()
            self._second_vectors = EvidenceVectors.build(
                self.second,
                label_keys,
                self._label_texts_shown(),
                [],
                [],
                self._second_path,
            )
        return self._second_vectors

    def save_second_vectors(self, path: Path = SECOND_VECTORS) -> Path:
        """Store :meth:`second_vectors` so that start-up needs no embedding run (data/build.py)."""
        if self.second is None:
            raise ValueError("the linker has no second model")
        label_keys, _ = self._evidence_keys()
        return self.second_vectors().save(path, label_keys, self.second.name)

    def _label_is_de(self) -> np.ndarray:
        cached: np.ndarray | None = getattr(self, "_label_is_de_cache", None)
        if cached is None:
            cached = np.asarray([lang == "de" for lang in self._label_langs()], dtype=bool)
            self._label_is_de_cache = cached
        return cached

    def evidence(self) -> EvidenceVectors:
        """Return the embeddings of every label and description (loaded on first use)."""
        if self._evidence is None:
            if self.embedder is None:
                raise ValueError("evidence vectors need an embedder")
            label_keys, description_keys = self._evidence_keys()
            self._evidence = EvidenceVectors.build(
                self.embedder,
                label_keys,
                self._label_texts_shown(),
                description_keys,
                [o.description[lang] for o in self.catalog.occupations for lang in LANGUAGES],
                self._evidence_path,
            )
        return self._evidence

    def _evidence_keys(self) -> tuple[list[str], list[str]]:
        return evidence_keys(
            list(zip(self._label_langs(), self._label_text, strict=True)),
            [o.uri for o in self.catalog.occupations],
        )

    def _label_langs(self) -> list[Language]:
        """Return the language of every label row."""
        rows_de = self._rows_de
        return ["de" if row in rows_de else "en" for row in range(len(self._label_text))]

    def _label_texts_shown(self) -> list[str]:
        """Return every label as it is matched (German gender pairs reduced to one form)."""
        return [
            normalise_title(label, "de") if lang == "de" else label
            for lang, label in zip(self._label_langs(), self._label_text, strict=True)
        ]

    def save_evidence(self, path: Path = EVIDENCE_VECTORS) -> Path:
        """Store :meth:`evidence` so that start-up needs no embedding run (data/build.py)."""
        if self.embedder is None:
            raise ValueError("linker has no embedder")
        label_keys, description_keys = self._evidence_keys()
        return self.evidence().save(path, label_keys + description_keys, self.embedder.name)

    def _shape(self) -> CatalogShape:
        shape: CatalogShape | None = getattr(self, "_shape_cache", None)
        if shape is None:
            occ = np.asarray(self._label_occ, dtype=np.int64)
            starts = np.flatnonzero(np.r_[True, np.diff(occ) != 0])
            if (
                len(starts) != len(self.catalog)
                or not (occ[starts] == np.arange(len(starts))).all()
            ):
                raise ValueError("every occupation needs at least one label, stored in order")
            hierarchy = _hierarchy(self.catalog)
            shape = CatalogShape(
                label_starts=starts,
                label_counts=np.diff(np.r_[starts, len(occ)]),
                unit_group=hierarchy.isco[:, 3],
                minor_group=hierarchy.isco[:, 2],
                depth=hierarchy.depth,
            )
            self._shape_cache = shape
        return shape

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

    def propagate(self, indices: Sequence[int], confidences: Sequence[float]) -> FloatArray:
        """Return max over i of confidences[i] * occupation_similarity(indices[i], every one).

        Equal to ``(similarity_rows(indices) * confidences[:, None]).max(axis=0)``
        (and 0 for no indices), computed from the hierarchy's structure instead
        of full rows: ISCO credit per shared prefix level, ESCO code relations
        within the small groups that share two code levels, the occupation itself.
        """
        hierarchy = _hierarchy(self.catalog)
        out = np.zeros(len(self.catalog), dtype=np.float32)
        if len(indices) == 0:
            return out
        idx = np.asarray(indices, dtype=np.int64)
        conf = np.asarray(confidences, dtype=np.float32)
        for level in range(4):
            keys = hierarchy.isco[:, level]
            best = np.zeros(int(keys.max()) + 1, dtype=np.float32)
            np.maximum.at(best, keys[idx], conf)
            credit = np.float32(0.6 * ISCO_PREFIX_CREDIT[level + 1])
            np.maximum(out, credit * best[keys], out=out)
        # ESCO code relations: every index's group members at once (a maximum is exact in any
        # order, so one `maximum.at` over all of them equals one per index).
        members, similarity, counts = hierarchy.related(idx.tolist())
        if len(members):
            np.maximum.at(out, members, np.repeat(conf, counts) * similarity)
        np.maximum.at(out, idx, conf)
        return out


class _Hierarchy:
    """The catalogue's ESCO codes and ISCO groups as integer arrays, for whole-row similarity."""

    def __init__(self, catalog: OccupationCatalog) -> None:
        parts = [o.code.split(".") for o in catalog.occupations]
        depth = max(len(p) for p in parts)
        self.depth = np.asarray([len(p) for p in parts], dtype=np.int64)
        vocab: dict[str, int] = {}
        self.codes = np.full((len(parts), depth), -1, dtype=np.int64)
        for i, p in enumerate(parts):
            for level in range(len(p)):
                self.codes[i, level] = vocab.setdefault(".".join(p[: level + 1]), len(vocab))
        self.isco = np.zeros((len(parts), 4), dtype=np.int64)
        for i, occupation in enumerate(catalog.occupations):
            group = occupation.isco_group[:4].ljust(4, "#")
            self.isco[i] = [
                vocab.setdefault("isco:" + group[: n + 1], len(vocab)) for n in range(4)
            ]
        # The ISCO group's first four characters (a missing one matches nothing), as
        # `isco_similarity` compares them.
        self.isco_chars = np.asarray(
            [
                [ord(c) for c in o.isco_group[:4]] + [-1 - i] * (4 - len(o.isco_group[:4]))
                for i, o in enumerate(catalog.occupations)
            ],
            dtype=np.int64,
        ).reshape(len(parts), 4)

    def isco_prefix(self, index: int) -> np.ndarray:
        """Return how many leading ISCO characters each occupation shares with `index`."""
        same = self.isco_chars == self.isco_chars[index]
        shared: np.ndarray = np.cumprod(same, axis=1).sum(axis=1)
        return shared

    def group_members(self, index: int) -> np.ndarray:
        """Return the occupations that share the first two ESCO code levels with `index`."""
        if self.depth[index] < 2:
            return np.zeros(0, dtype=np.int64)
        groups = getattr(self, "_groups", None)
        if groups is None:
            groups = {}
            for i in np.flatnonzero(self.depth >= 2).tolist():
                groups.setdefault(int(self.codes[i, 1]), []).append(i)
            groups = {k: np.asarray(v, dtype=np.int64) for k, v in groups.items()}
            self._groups = groups
        members: np.ndarray = groups[int(self.codes[index, 1])]
        return members

    def related(self, indices: Sequence[int]) -> tuple[np.ndarray, FloatArray, np.ndarray]:
        """Return (group members, their :meth:`code_similarity`, members per index) of `indices`.

        The members of all `indices` concatenated in order; cached per index.
        """
        cache: dict[int, tuple[np.ndarray, FloatArray]] = self.__dict__.setdefault("_related", {})
        parts = []
        for index in indices:
            found = cache.get(index)
            if found is None:
                members = self.group_members(index)
                found = cache[index] = (members, self.code_similarity(index, members))
            parts.append(found)
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, np.float32), np.zeros(0, np.int64)
        counts = np.asarray([len(m) for m, _ in parts], dtype=np.int64)
        members = np.concatenate([m for m, _ in parts])
        return members, np.concatenate([v for _, v in parts]), counts

    def code_similarity(self, index: int, members: np.ndarray) -> FloatArray:
        """Return 0.8 (one code contains the other) or 0.7 (siblings) for `members` of a group."""
        same = (self.codes[members] == self.codes[index]) & (self.codes[members] >= 0)
        shared = same.sum(axis=1)
        shortest = np.minimum(self.depth[members], self.depth[index])
        return np.where(shared >= shortest, 0.8, 0.7).astype(np.float32)

    def row(self, index: int, dtype: Any = np.float32) -> Any:
        """Return occupation_similarity(index, every occupation), computed on arrays.

        With ``dtype=np.float64`` the values are exactly :func:`occupation_similarity`'s
        (the same double products), for scores that must not change by a rounding.
        """
        # Shared ESCO code levels: codes are prefix-closed ids, so level n matches iff
        # the first n+1 parts match.
        same = self.codes == self.codes[index]
        same &= self.codes >= 0
        shared = same.sum(axis=1)
        shortest = np.minimum(self.depth, self.depth[index])
        both_deep = (self.depth > 1) & (self.depth[index] > 1)
        isco_shared = (self.isco == self.isco[index]).sum(axis=1)
        if dtype == np.float64:
            credit64 = np.asarray([0.6 * ISCO_PREFIX_CREDIT[n] for n in range(5)])
            row = credit64[self.isco_prefix(index)]
        else:
            credit = np.asarray([ISCO_PREFIX_CREDIT[n] for n in range(5)], dtype=np.float32)
            row = (0.6 * credit[isco_shared]).astype(np.float32)
        related = both_deep & ((shared >= shortest) | (shared >= 2))
        row[related] = np.where(shared[related] >= shortest[related], 0.8, 0.7)
        row[index] = 1.0
        return row


_SIM_CACHE: dict[tuple[int, int], FloatArray] = {}
_HIERARCHIES: dict[int, tuple[OccupationCatalog, _Hierarchy]] = {}


def _hierarchy(catalog: OccupationCatalog) -> _Hierarchy:
    cached = _HIERARCHIES.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        cached = (catalog, _Hierarchy(catalog))
        _HIERARCHIES[id(catalog)] = cached
    return cached[1]


def occupation_similarity_row(catalog: OccupationCatalog, index: int) -> Any:
    """Return :func:`occupation_similarity` of occupation `index` to every one, as float64.

    Exactly the pairwise function's values (tested on the whole catalogue),
    computed on arrays instead of one Python call per occupation.
    """
    return _hierarchy(catalog).row(index, np.float64)


def _similarity_row(catalog: OccupationCatalog, index: int) -> FloatArray:
    key = (id(catalog), index)
    row = _SIM_CACHE.get(key)
    if row is None:
        row = _hierarchy(catalog).row(index)
        if len(_SIM_CACHE) > 20_000:
            _SIM_CACHE.clear()
        _SIM_CACHE[key] = row
    return row
