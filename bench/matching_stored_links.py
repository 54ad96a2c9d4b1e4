"""A cold ranking of 500 candidates: ESCO links computed on the fly vs stored links (issue 13).

    .venv/bin/python bench/matching_stored_links.py

The platform stores each opening's and profile's ESCO links with its
embedding (`OpeningEmbedding.links`, `ProfileEmbedding.links`) and seeds the
engine with them (`Matcher.seed_links`) before a ranking. This script ranks
500 opening titles (random ESCO labels with "(m/w/d)") for one profile with
every engine cache cleared, once linking the titles as the ranking goes
(what a worker did for a ranking it had not computed before) and once with
the links given as the database returns them (JSON round trip). It prints
the CPU seconds of each (process time: the figure a busy machine does not
inflate), their ratio, and whether the two rankings are identical
(order, scores, reasons).
"""

import json
import random
import time

from dualcareer.matching import score
from dualcareer.matching.score import Matcher, Opening, Profile


def cold() -> None:
    """Forget every link, target and similarity row the engine cached."""
    score._LINK_CACHE.clear()
    score._TARGETS.clear()
    score._SIMILARITY_ROWS.clear()


def main() -> None:
    matcher = Matcher.default()
    rng = random.Random(7)
    occupations = rng.sample(matcher.linker.catalog.occupations, 500)
    titles = [f"{score._title(o, 'de')} (m/w/d)" for o in occupations]
    openings = [
        Opening(id=str(i), title=t, description="Wir suchen Verstärkung.")
        for i, t in enumerate(titles)
    ]
    profile = Profile(
        id="p", desired_positions=("Softwareentwicklerin", "Data Scientist"), summary="Python"
    )
    vectors = matcher.embed_texts([matcher.opening_text(o) for o in openings])
    profile_vector = matcher.embed_texts([matcher.profile_text(profile)])[0]
    texts = [*titles, *profile.desired_positions]
    # what the database rows hold: the links as JSON
    stored = json.loads(json.dumps(dict(zip(texts, matcher.links_for(texts), strict=True))))

    cold()
    start = time.process_time()
    before = matcher.rank_openings(
        profile, openings, top=20, vectors=vectors, profile_vector=profile_vector
    )
    on_the_fly = time.process_time() - start
    cold()
    start = time.process_time()
    matcher.seed_links(stored)
    after = matcher.rank_openings(
        profile, openings, top=20, vectors=vectors, profile_vector=profile_vector
    )
    seeded = time.process_time() - start
    same = [(r.id, r.score, r.reasons) for r in before] == [
        (r.id, r.score, r.reasons) for r in after
    ]
    print(f"links on the fly: {on_the_fly:.2f} s CPU")
    print(f"stored links:     {seeded:.2f} s CPU")
    print(f"ratio {on_the_fly / seeded:.0f}x; identical rankings: {same}")


if __name__ == "__main__":
    main()
