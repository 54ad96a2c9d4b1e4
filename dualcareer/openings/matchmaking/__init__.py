"""The Django side of matching: the platform's one interface to the engine (`dualcareer.matching`).

- `adapter`: turns openings and partner profiles into the engine's
  dataclasses and ranks them (`rank_openings_for_profile`, `rank_profiles`),
  caching what can be cached.
- `index`: the stored embeddings of openings and profiles and the vector
  index (one memory-mapped file shared by the processes) that preselects
  candidates for the engine.
- `warm`: builds the engine and maps the index before a process takes traffic.

The pages that show openings ranked for a partner are the openings app's
(`openings/views/officer.py`, `openings/views/partner.py`).

Other apps import from this package only (`from dualcareer.openings import
matchmaking`), never the engine or the submodules.
"""

from dualcareer.openings.matchmaking.adapter import (
    Ranked,
    clear_process_caches,
    embed_profile_on_commit,
    rank_openings,
    rank_openings_for_profile,
    rank_profiles,
)
from dualcareer.openings.matchmaking.index import embed_on_commit, sync_embeddings
from dualcareer.openings.matchmaking.warm import warm_up

__all__ = [
    "Ranked",
    "clear_process_caches",
    "embed_on_commit",
    "embed_profile_on_commit",
    "rank_openings",
    "rank_openings_for_profile",
    "rank_profiles",
    "sync_embeddings",
    "warm_up",
]
