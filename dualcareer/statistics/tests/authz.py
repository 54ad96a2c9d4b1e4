"""The statistics' rows of the authorisation matrix (see site/tests/test_authorization_matrix.py).

Members' officers read their institution against the network, the
coordinator the network; employers and partners have no statistics. The
network publishes the "cases" group, so its public page and downloads are
open to everybody.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dualcareer.site.tests.authz_common import ALL, COORDINATOR, at
from dualcareer.statistics.models import PublicationSetting

MEMBERS = "L - - + + + + - +"  # every officer (their own institution) and the coordinator


def _report(fx: Any) -> str:
    return reverse("statistics:annual_report") + "?year=2026"


def _download(fx: Any) -> str:
    return reverse("statistics:download", args=["cases_by_year", "csv"])


def _public_download(fx: Any) -> str:
    return reverse(
        "statistics:public_download", args=[fx.network.slug, "cases_by_institution", "xlsx"]
    )


ROWS: dict[str, dict[str, Any]] = {
    "statistics:overview": {"url": at("statistics:overview"), "GET": MEMBERS},
    "statistics:download": {"url": _download, "GET": MEMBERS},
    "statistics:annual_report": {"url": _report, "GET": MEMBERS},
    "statistics:publication": {
        "url": at("statistics:publication", "network.slug"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "statistics:public_index": {"url": at("statistics:public_index"), "GET": ALL},
    "statistics:public": {"url": at("statistics:public", "network.slug"), "GET": ALL},
    "statistics:public_download": {"url": _public_download, "GET": ALL},
}

PATTERN_COUNT = 7
ADMIN_PATTERN_COUNT = 0
CELL_COUNT = 8 * 9


def setup(cls: Any) -> None:
    """The network publishes its case counts."""
    PublicationSetting.objects.update_or_create(network=cls.network, defaults={"groups": ["cases"]})
