"""Fit the occupation linker's second stage (:mod:`dualcareer.matching.rerank`) on dev titles.

    .venv/bin/python bench/matching_rerank.py            # cross-validate, fit, write the model
    .venv/bin/python bench/matching_rerank.py --check    # cross-validate only
    .venv/bin/python bench/matching_rerank.py --first-only   # the model without the second model

By default the features include the second model's (multilingual-e5-small,
``rerank.SECOND_FEATURES``) and the model is written to
``occupation_reranker_e5.json``; with ``--first-only`` they do not, and it is
written to ``occupation_reranker.json``, which a linker without the second
model uses.

Training data: the **dev** split of every benchmark file with a split column
(``bench/titles/de_titles.tsv``, ``hard_de_titles.tsv``, ``en_vacancies.tsv``,
``hard_en_vacancies.tsv``, ``real_en_vacancies.tsv``). A title's positives are
its gold occupations among the first stage's best candidates; every other
candidate is a negative. The model is a linear pairwise logistic regression
(each positive against each negative of the same title, every title weighted
alike) over standardised features, fitted by gradient descent with numpy.
With ``--esco N``, N held-out ESCO alternative labels per language of the
**dev half** of the occupations (as ``matching_eval.py`` picks them, with
another seed) are added as titles, linked against a catalogue without them.
The test splits and the test half are never read here.

Before writing the model, five-fold cross-validation over the dev titles
reports per file strict success@1 / success@10 / MRR of the linker's own
ranking of occupations (first stage vs. re-ranked), so that the effect is
known before the model is used.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matching_eval import (  # noqa: E402
    BENCH_FILES,
    HARD_FILES,
    REAL_FILES,
    bench_titles,
    held_out_queries,
)

from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker  # noqa: E402
from dualcareer.matching.rerank import (  # noqa: E402
    FEATURES,
    RERANKER,
    RERANKER_SECOND,
    SECOND_FEATURES,
    RerankModel,
)
from dualcareer.matching.vectors import Embedder, default_embedder, second_embedder  # noqa: E402

TOP = 100
SOURCES = (
    ("bench-de", BENCH_FILES["de"], "de"),
    ("hard-de", HARD_FILES["de"], "de"),
    ("bench-en", BENCH_FILES["en"], "en"),
    ("hard-en", HARD_FILES["en"], "en"),
    ("real-en", REAL_FILES["en"], "en"),
)


@dataclass
class Title:
    task: str
    features: np.ndarray  # candidates x features, first-stage order
    positive: np.ndarray  # bool per candidate
    first_rank: int  # rank of the best gold occupation in the first stage (1-based)


def collect(linker: OccupationLinker, split: str) -> list[Title]:
    catalog = linker.catalog
    index = {o.uri: i for i, o in enumerate(catalog.occupations)}
    titles = []
    for task, path, lang in SOURCES:
        queries, qrels = bench_titles(catalog, path, split)
        for query_id, text in queries:
            gold = {index[u] for u, grade in qrels[query_id].items() if grade == 2}
            titles.append(_title(linker, task, text, lang, gold))
    return titles


def collect_esco(
    embedder: Embedder, second: Embedder | None, per_language: int, seed: int
) -> list[Title]:
    """Held-out ESCO alternative labels of the dev half of the occupations, as more titles.

    As in ``matching_eval.py``: the query label (and every label that
    normalises like it) is removed from the catalogue the linker links with.
    """
    full = OccupationCatalog.default()
    titles: list[Title] = []
    for lang in ("de", "en"):
        queries, excluded = held_out_queries(full, lang, per_language, "dev", seed)
        catalog = OccupationCatalog.load(exclude_labels=excluded)
        linker = OccupationLinker(catalog, embedder, rerank_path=None, second=second)
        index = {o.uri: i for i, o in enumerate(catalog.occupations)}
        for uri, label in queries:
            titles.append(_title(linker, f"esco-{lang}", label, lang, {index[uri]}))
    return titles


def _title(linker: OccupationLinker, task: str, text: str, lang: str, gold: set[int]) -> Title:
    first, vector = linker.first_stage(text, lang=lang)  # type: ignore[arg-type]
    second = linker.second_vector(text, lang)  # type: ignore[arg-type]
    cands, features = linker.candidate_features(first, vector, TOP, second_vector=second)
    order = np.lexsort((np.arange(len(first.combined)), -first.combined))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(1, len(order) + 1)
    return Title(task, features, np.isin(cands, list(gold)), int(min(rank[list(gold)])))


def fit(
    titles: list[Title],
    embedder: str,
    l2: float = 1e-2,
    steps: int = 300,
    rate: float = 0.5,
    features: tuple[str, ...] = FEATURES,
) -> RerankModel:
    stacked = np.concatenate([t.features for t in titles]).astype(np.float64)
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-9
    diffs, weights = [], []
    for t in titles:
        if not t.positive.any() or t.positive.all():
            continue
        x = (t.features - mean) / scale
        pairs = (x[t.positive][:, None, :] - x[~t.positive][None, :, :]).reshape(-1, x.shape[1])
        diffs.append(pairs)
        weights.append(np.full(len(pairs), 1.0 / len(pairs)))
    d, w_pair = np.concatenate(diffs), np.concatenate(weights) / len(diffs)
    w = np.zeros(d.shape[1])
    for _ in range(steps):
        margin = d @ w
        grad = -(w_pair / (1.0 + np.exp(margin))) @ d
        w -= rate * (grad + l2 * w)
    return RerankModel(
        mean.astype(np.float32),
        scale.astype(np.float32),
        w.astype(np.float32),
        TOP,
        embedder,
        features,
    )


def ranks(titles: list[Title], model: RerankModel | None) -> np.ndarray:
    out = []
    for t in titles:
        if not t.positive.any():
            out.append(t.first_rank)  # not among the candidates: the second stage cannot help
            continue
        if model is None:
            out.append(int(np.argmax(t.positive)) + 1)
            continue
        order = np.argsort(-model.score(t.features.astype(np.float32)), kind="stable")
        out.append(int(np.argmax(t.positive[order])) + 1)
    return np.asarray(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="cross-validate only")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--first-only", action="store_true", help="without the second model's features"
    )
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--esco", type=int, default=0, help="held-out ESCO labels per language (dev half) to add"
    )
    parser.add_argument("--seed", type=int, default=29)
    args = parser.parse_args()
    print(f"command: {' '.join(sys.argv)}")
    embedder = default_embedder()
    second = None if args.first_only else second_embedder()
    features = FEATURES if second is None else FEATURES + SECOND_FEATURES
    out = args.out or (RERANKER if second is None else RERANKER_SECOND)
    linker = OccupationLinker(
        OccupationCatalog.default(), embedder, rerank_path=None, second=second
    )
    names = linker.model_names()
    titles = collect(linker, "dev")
    if args.esco:
        titles += collect_esco(embedder, second, args.esco, args.seed)
    order = np.random.default_rng(13).permutation(len(titles))
    crossed = np.zeros(len(titles), dtype=np.int64)
    for fold in np.array_split(order, args.folds):
        held = set(fold.tolist())
        model = fit([t for i, t in enumerate(titles) if i not in held], names, features=features)
        crossed[fold] = ranks([titles[i] for i in fold], model)
    first = ranks(titles, None)
    print(f"\n{args.folds}-fold cross-validation on dev titles (strict: gold occupations only)")
    print("| file (dev) | titles | first stage s@1 / s@10 / MRR | re-ranked s@1 / s@10 / MRR |")
    print("|---|---|---|---|")
    for task in dict.fromkeys(t.task for t in titles):
        mask = np.asarray([t.task == task for t in titles])
        a, b = first[mask], crossed[mask]
        print(
            f"| {task} | {mask.sum()} | {np.mean(a <= 1):.3f} / {np.mean(a <= 10):.3f} / "
            f"{np.mean(1 / a):.3f} | {np.mean(b <= 1):.3f} / {np.mean(b <= 10):.3f} / "
            f"{np.mean(1 / b):.3f} |"
        )
    model = fit(titles, names, features=features)
    print(
        "\nweights:", {f: round(float(x), 3) for f, x in zip(features, model.weights, strict=True)}
    )
    if not args.check:
        out.write_text(
            model.to_json(
                fitted_on="dev splits of "
                + ", ".join(t for t, _, _ in SOURCES)
                + (
                    f"; {args.esco} held-out ESCO labels per language, dev half, seed {args.seed}"
                    if args.esco
                    else ""
                ),
                titles=len(titles),
                script="bench/matching_rerank.py",
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"written: {out}")


if __name__ == "__main__":
    main()
