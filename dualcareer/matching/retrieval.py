"""Rank any corpus of short texts (titles, openings) for any queries.

This is what ``python -m dualcareer.matching rank`` runs. The engine's method
("engine") scores a query q against a document d as

    occupation(q, d) + semantic * cos(e_q, e_d) + lexical * bm25(q, d)

where occupation(q, d) links both texts to ESCO occupations (see
:mod:`dualcareer.matching.occupations`) and takes the best product of the two
link confidences and the graded similarity of the occupations (1 for the same
occupation, less for the same ESCO branch or ISCO group). Documents that are an
ESCO label verbatim (after normalisation) are linked with full confidence.

The other methods are the baselines the evaluation compares against:
"chars" (character 3-5-gram tf-idf cosine), "bm25" (stemmed, compound-split
terms) and "embedding" (sentence-embedding cosine alone).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np

from dualcareer.matching.occupations import LANGUAGES, OccupationLinker
from dualcareer.matching.texts import analyse, char_ngrams
from dualcareer.matching.vectors import BM25Index, Embedder, FloatArray, TfidfIndex

Method = Literal["engine", "chars", "bm25", "embedding"]
METHODS: tuple[Method, ...] = ("engine", "chars", "bm25", "embedding")

# Where a document's title ends and its description begins.
_TITLE_END = re.compile(r"\t|\n| [-\u2013\u2014|] |: |\. ")

# Queries per batch of the second model's embeddings (see CorpusRanker.rank).
SECOND_CHUNK = 16


@dataclass(frozen=True)
class RankWeights:
    """Weights of the engine's signals; occupation links dominate, the rest breaks ties."""

    semantic: float = 0.25
    lexical: float = 0.15
    expand: int = 40  # how many of the query's occupations are propagated to related ones
    doc_links: int = 3  # how many occupations a non-verbatim document is linked to


class CorpusRanker:
    """Index a corpus of (id, text) once, then rank it for queries."""

    def __init__(
        self,
        documents: Sequence[tuple[str, str]],
        *,
        method: Method = "engine",
        linker: OccupationLinker | None = None,
        embedder: Embedder | None = None,
        weights: RankWeights | None = None,
    ) -> None:
        self.method = method
        self.ids = [doc_id for doc_id, _ in documents]
        self.texts = [text for _, text in documents]
        self.weights = weights or RankWeights()
        self.linker = linker
        self.embedder = embedder if embedder is not None else getattr(linker, "embedder", None)
        if method in ("engine", "embedding") and self.embedder is None:
            raise ValueError(f"method {method!r} needs an embedder")
        if method == "engine" and linker is None:
            raise ValueError("method 'engine' needs an occupation linker")
        self._analyse = linker.analyse if linker is not None else analyse
        self._bm25 = {lang: BM25Index() for lang in LANGUAGES}
        self._chars = TfidfIndex()
        if method in ("engine", "bm25"):
            for text in self.texts:
                for lang in LANGUAGES:
                    self._bm25[lang].add(self._analyse(text, lang))
        if method == "chars":
            for text in self.texts:
                self._chars.add(char_ngrams(text))
        self._doc_vectors: FloatArray | None = None
        if self.embedder is not None and method in ("engine", "embedding"):
            self._doc_vectors = self.embedder.embed(self.texts)
        self._doc_links: list[list[tuple[int, float]]] = []
        if method == "engine":
            assert linker is not None
            self._doc_links = [self._link_document(text) for text in self.texts]
        self._compile_links()

    def _compile_links(self) -> None:
        """Store the documents' links as flat arrays: document, occupation, confidence."""
        self._id_rank = np.empty(len(self.ids), dtype=np.int64)
        self._id_rank[sorted(range(len(self.ids)), key=self.ids.__getitem__)] = np.arange(
            len(self.ids)
        )
        self._link_doc = np.asarray(
            [d for d, links in enumerate(self._doc_links) for _ in links], dtype=np.int64
        )
        self._link_occ = np.asarray(
            [i for links in self._doc_links for i, _ in links], dtype=np.int64
        )
        self._link_conf = np.asarray(
            [c for links in self._doc_links for _, c in links], dtype=np.float32
        )

    def _link_document(self, text: str) -> list[tuple[int, float]]:
        """Return [(occupation index, confidence)] for a corpus text."""
        assert self.linker is not None
        title = _TITLE_END.split(text, maxsplit=1)[0].strip()
        exact: set[int] = set()
        for candidate in {text.strip(), title}:
            exact |= self.linker.exact_matches(candidate)
        if exact:
            return [(i, 1.0) for i in sorted(exact)]
        combined, _, _ = self.linker.scores(title or text)
        top = np.argsort(-combined)[: self.weights.doc_links]
        best = float(combined[top[0]]) if len(top) else 0.0
        scale = max(best, 1.2)
        return [(int(i), float(combined[i]) / scale) for i in top if combined[i] > 0]

    def _lexical(self, query: str) -> FloatArray:
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for lang in LANGUAGES:
            terms = self._analyse(query, lang)
            if terms:
                index = self._bm25[lang]
                raw = index.search(terms) / (index.self_score(terms) or 1.0)
                scores = np.maximum(scores, raw)
        return scores

    def score(
        self,
        query: str,
        vector: FloatArray | None = None,
        second_vector: FloatArray | None = None,
    ) -> FloatArray:
        """Return the score of every document for `query`.

        `vector` and `second_vector` are the query's embeddings by the linker's
        model and its second model, if the caller already has them.
        """
        if self.method == "chars":
            return self._chars.search(char_ngrams(query))
        if self.method == "bm25":
            return self._lexical(query)
        assert self.embedder is not None and self._doc_vectors is not None
        if vector is None:
            shown = self.linker.query_text(query) if self.linker is not None else query
            vector = self.embedder.embed([shown if self.method == "engine" else query])[0]
        semantic = self._doc_vectors @ vector
        if self.method == "embedding":
            return semantic
        assert self.linker is not None
        w = self.weights
        combined, _, _ = self.linker.scores(query, vector=vector, second_vector=second_vector)
        top = np.argsort(-combined)[: w.expand]
        confidence = combined[top] / max(float(combined[top[0]]), 1.2)
        propagated = self.linker.propagate(top.tolist(), confidence.tolist())
        occupation = np.zeros(len(self.ids), dtype=np.float32)
        # Best link per document: confidence x the query's credit for that occupation.
        np.maximum.at(occupation, self._link_doc, self._link_conf * propagated[self._link_occ])
        return occupation + w.semantic * semantic + w.lexical * self._lexical(query)

    def rank(
        self, queries: Sequence[tuple[str, str]], top: int = 1000
    ) -> Generator[tuple[str, str, float], None, None]:
        """Yield (query id, document id, score), best first per query, `top` per query.

        With the linker's second model, its embeddings of the next chunk of
        queries are computed on a second thread while this one ranks the
        current chunk: the model's C engine runs without the GIL and is what
        a query costs most, so on two cores the wall time per query is about
        that model's share instead of the sum. The results are the same as
        embedding all queries first (a text's vector does not depend on its
        batch).
        """
        vectors: FloatArray | None = None
        texts = [text for _, text in queries]
        second = (
            self.method == "engine" and self.linker is not None and self.linker.uses_second_model()
        )
        if self.method == "engine" and self.linker is not None:
            # The engine embeds what names the occupation, without job-board noise.
            texts = [self.linker.query_text(text) for text in texts]
        if not second:
            if self.method in ("engine", "embedding") and self.embedder is not None:
                vectors = self.embedder.embed(texts)
            yield from self._rank_chunk(queries, vectors, None, top)
            return
        assert self.linker is not None and self.embedder is not None
        starts = range(0, len(queries), SECOND_CHUNK)
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="second-model")
        try:
            pending = [
                pool.submit(self.linker.second_embed, texts[i : i + SECOND_CHUNK]) for i in starts
            ]
            vectors = self.embedder.embed(texts)
            for start, future in zip(starts, pending, strict=True):
                end = start + SECOND_CHUNK
                yield from self._rank_chunk(
                    queries[start:end], vectors[start:end], future.result(), top
                )
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _rank_chunk(
        self,
        queries: Sequence[tuple[str, str]],
        vectors: FloatArray | None,
        seconds: FloatArray | None,
        top: int,
    ) -> Iterator[tuple[str, str, float]]:
        for q, (query_id, text) in enumerate(queries):
            scores = self.score(
                text,
                None if vectors is None else vectors[q],
                None if seconds is None else seconds[q],
            )
            k = min(top, len(scores))
            if k == 0:
                continue
            best = np.argpartition(-scores, k - 1)[:k]
            # Best first; ties in id order (lexsort: the last key is the primary one).
            order = best[np.lexsort((self._id_rank[best], -scores[best]))]
            for i, score in zip(order.tolist(), scores[order].tolist(), strict=True):
                yield query_id, self.ids[i], score


def read_tsv(lines: Iterator[str] | Sequence[str]) -> list[tuple[str, str]]:
    """Parse `id<TAB>text` lines (blank lines skipped; a missing text is an error)."""
    out: list[tuple[str, str]] = []
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n\r")
        if not line.strip():
            continue
        doc_id, tab, text = line.partition("\t")
        if not tab:
            raise ValueError(f"line {number}: expected 'id<TAB>text'")
        out.append((doc_id.strip(), text.strip()))
    return out
