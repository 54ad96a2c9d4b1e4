"""Agreement of the second pass on the real-style English set (``real_en_vacancies.tsv``).

The sample is the ids with ``int(sha1(id + "judge2").hexdigest(), 16) % 5 == 0``
(``agreement.in_sample``), listed with id and title only in
``real_en_judge2_sample.tsv``; the second judgments are
``real_en_vacancies.judge2.tsv`` (columns ``id  gold  related``). The figures are
those of ``agreement.py`` (exact, overlap, lenient, unit, Cohen's kappa on the
ISCO major group of the first gold URI).

Usage: ``python bench/titles/real_en_agreement.py``. Standard library only.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from agreement import compare, load_isco  # noqa: E402


def main() -> int:
    a = compare(HERE / "real_en_vacancies.tsv", HERE / "real_en_vacancies.judge2.tsv", load_isco())
    print("| sample | n | exact | overlap | lenient | unit | kappa (major) |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| real-style English vacancies | {a.n} | {a.exact:.2f} | {a.overlap:.2f} "
        f"| {a.lenient:.2f} | {a.unit:.2f} | {a.kappa:.2f} |"
    )
    if a.missing or a.outside:
        print(f"  note: {a.missing} sample ids not judged, {a.outside} judged ids outside it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
