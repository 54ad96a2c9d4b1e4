"""Reads: who sees which statistics (the scope), and the figures, counted in the database.

Every table comes out protected (`suppression.protect`): the pages, the
downloads, the charts and the annual report only ever see protected cells.
Counting happens in grouped queries (a handful per table, however many cases).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractYear, Lower, Trim
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.cases.models import Case, CaseKind, Outcome, PartnerProfile
from dualcareer.exchange.models import EmployerAnswer, Introduction
from dualcareer.network.models import Institution, Network, NetworkMembership, Sector
from dualcareer.statistics import trainings_bridge
from dualcareer.statistics.models import FigureGroup, PublicationSetting
from dualcareer.statistics.suppression import (
    THRESHOLD,
    Cell,
    Grid,
    Line,
    Pair,
    aggregate,
    protect,
)
from dualcareer.statistics.tables import Row, Table, Text

DEFAULT_YEARS = 5  # the period shown when none is chosen: this year and the four before
MAX_YEARS = 15
TOP_FIELDS = 10


@dataclass
class Scope:
    """What one reader sees: a network, maybe one institution against it, a period."""

    network: Network
    institution: Institution | None
    year_from: int
    year_to: int
    audience: str  # "officer", "coordinator" or "public"
    groups: list[str] = field(default_factory=lambda: list(FigureGroup.values))
    member_ids: list[int] = field(default_factory=list)
    # what the reader may choose in the filter
    networks: list[Network] = field(default_factory=list)
    institutions: list[Institution] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))


def default_years(today: dt.date | None = None) -> tuple[int, int]:
    year = (today or timezone.localdate()).year
    return year - DEFAULT_YEARS + 1, year


def _period(year_from: int | None, year_to: int | None) -> tuple[int, int]:
    first, last = default_years()
    year_from = year_from or (year_to - DEFAULT_YEARS + 1 if year_to else first)
    year_to = year_to or max(year_from, last)
    if year_to < year_from:
        year_from, year_to = year_to, year_from
    return max(year_from, year_to - MAX_YEARS + 1), year_to


def _member_ids(network: Network) -> list[int]:
    return list(
        NetworkMembership.objects.current()
        .filter(network=network)
        .values_list("institution_id", flat=True)
    )


def scope_for_member(
    *,
    user: Any,
    network_slug: str = "",
    institution_id: int | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> Scope:
    """The scope of a signed-in reader; PermissionDenied for anyone without statistics.

    Coordinators read the networks they coordinate, with any current member
    as the institution against the network. Officers read their own
    institution against each network it is a current member of.
    """
    year_from, year_to = _period(year_from, year_to)
    own: set[int] | None = None  # a coordinator's reach: every member
    if coordinated := permissions.network_ids_coordinated_by(user):
        networks = list(Network.objects.filter(pk__in=coordinated).order_by("name"))
    else:
        own = set(permissions.institution_ids_with(user, "case.view"))
        memberships = NetworkMembership.objects.current().filter(institution_id__in=own)
        networks = list(
            Network.objects.filter(pk__in=memberships.values("network_id"))
            .distinct()
            .order_by("name")
        )
        if not networks:
            raise PermissionDenied
    network = _pick(networks, network_slug)
    member_ids = _member_ids(network)
    readable = set(member_ids) if own is None else own & set(member_ids)
    institutions = list(Institution.objects.filter(pk__in=readable).order_by("name"))
    # Coordinators see the network alone unless they pick a member; officers their own.
    institution = None if coordinated else institutions[0]
    if institution_id is not None:
        institution = next((i for i in institutions if i.pk == institution_id), None)
        if institution is None:
            raise Http404
    return Scope(
        network=network,
        institution=institution,
        year_from=year_from,
        year_to=year_to,
        audience="coordinator" if coordinated else "officer",
        member_ids=member_ids,
        networks=networks,
        institutions=institutions,
    )


def _pick(networks: list[Network], slug: str) -> Network:
    if not slug:
        # a regional network first: its members work together day to day
        return sorted(networks, key=lambda n: (n.kind != Network.Kind.REGIONAL, n.name))[0]
    for network in networks:
        if network.slug == slug:
            return network
    raise Http404


def published_groups(network: Network) -> list[str]:
    """The figure groups `network` shows the public, in the page's order."""
    setting = PublicationSetting.objects.filter(network=network).first()
    chosen = set(setting.groups) if setting else set()
    return [group for group in FigureGroup.values if group in chosen]


def publication_networks() -> list[Network]:
    """Networks that publish at least one figure group (for the public index)."""
    ids = [
        setting.network_id
        for setting in PublicationSetting.objects.all()
        if any(group in FigureGroup.values for group in setting.groups)
    ]
    return list(Network.objects.filter(pk__in=ids).order_by("name"))


def scope_for_public(
    *, network_slug: str, year_from: int | None = None, year_to: int | None = None
) -> Scope:
    """The public scope of a network: only its published groups, no institution against it."""
    network = Network.objects.filter(slug=network_slug).first()
    if network is None:
        raise Http404
    year_from, year_to = _period(year_from, year_to)
    return Scope(
        network=network,
        institution=None,
        year_from=year_from,
        year_to=year_to,
        audience="public",
        groups=published_groups(network),
        member_ids=_member_ids(network),
    )


def may_manage_publication(*, user: Any, network: Network) -> bool:
    return network.pk in permissions.network_ids_coordinated_by(user)


# --- counting ------------------------------------------------------------------


def _series(scope: Scope) -> list[tuple[str, int | None]]:
    """The columns a comparison shows: (label, institution id or None for the network)."""
    network_label = str(scope.network.short_name or scope.network.display_name)
    if scope.institution is None:
        return [(network_label, None)]
    institution_label = str(scope.institution.short_name or scope.institution.display_name)
    return [(institution_label, scope.institution.pk), (network_label, None)]


def _cases(scope: Scope) -> QuerySet[Case]:
    return Case.objects.filter(institution_id__in=scope.member_ids)


def _opened_in(scope: Scope) -> QuerySet[Case]:
    return _cases(scope).filter(
        opened_on__year__gte=scope.year_from, opened_on__year__lte=scope.year_to
    )


def _closed_in(scope: Scope) -> QuerySet[Case]:
    return _cases(scope).filter(
        status="closed", closed_on__year__gte=scope.year_from, closed_on__year__lte=scope.year_to
    )


def _yearly_counts(cases: QuerySet[Case], date_field: str, *by: str) -> list[dict[str, Any]]:
    """Cases counted per `by`, institution and year of `date_field`: rows for `_category_table`."""
    return list(
        cases.annotate(year=ExtractYear(date_field))
        .values(*by, "institution_id", "year")
        .annotate(n=Count("id"))
        .order_by()
    )


def _counts(
    rows: Any, key: str, institution_id: int | None, year: int | None = None
) -> dict[Any, tuple[int, int]]:
    """Sum grouped rows ({key, institution_id, year, n, basis}) per key for a series and year."""
    out: dict[Any, tuple[int, int]] = {}
    for row in rows:
        if institution_id is not None and row["institution_id"] != institution_id:
            continue
        if year is not None and row["year"] != year:
            continue
        n, basis = out.get(row[key], (0, 0))
        out[row[key]] = (n + row["n"], basis + row.get("basis", row["n"]))
    return out


def _yearly_cells(
    scope: Scope, rows: list[dict[str, Any]], by: str, codes: list[Any], additive: bool
) -> tuple[dict[tuple[int, int], list[Cell]], dict[tuple[int, int], Cell]]:
    """Per (series index, year): the protected cells of the categories and their total."""
    series = _series(scope)
    grid = Grid()
    cells: dict[tuple[int, int], list[Cell]] = {}
    totals: dict[tuple[int, int], Cell] = {}
    for year in scope.years:
        for index, (_label, institution_id) in enumerate(series):
            counts = _counts(rows, by, institution_id, year)
            line = [Cell(*counts.get(code, (0, 0))) for code in codes]
            total = Cell(sum(c.value for c in line), sum(c.basis or 0 for c in line))
            cells[index, year], totals[index, year] = line, total
            grid.cells += [*line, total]
            if additive:
                grid.lines.append(Line(line, total))
        if len(series) == 2:
            parts = [*cells[0, year], totals[0, year]]
            wholes = [*cells[1, year], totals[1, year]]
            grid.pairs += [Pair(a, b) for a, b in zip(parts, wholes, strict=True)]
    protect(grid)
    return cells, totals


def _category_table(
    scope: Scope,
    *,
    key: str,
    by: str,
    group: str,
    title: str,
    description: str,
    row_header: str,
    categories: list[tuple[Any, Any]],
    rows: list[dict[str, Any]],
    total_label: str,
    additive: bool = True,
    shares: bool = False,
    chart: str = "bar",
) -> Table:
    """A table of categories (rows) by series (institution, network) over the period, protected.

    `rows` are counts grouped by `by`, `institution_id` and `year`, with `n`
    and optionally `basis` (the number of distinct cases, if `n` counts
    something else). Each year is protected on its own, the period figures
    are the yearly ones added up (`suppression.aggregate`).
    """
    series = _series(scope)
    codes = [code for code, _name in categories]
    yearly, yearly_totals = _yearly_cells(scope, rows, by, codes, additive)
    columns = [
        [aggregate([yearly[index, year][c] for year in scope.years]) for c in range(len(codes))]
        for index in range(len(series))
    ]
    totals = [
        aggregate([yearly_totals[index, year] for year in scope.years])
        for index in range(len(series))
    ]
    header: list[str] = []
    for label, _id in series:
        header += [label, _("%(series)s, share") % {"series": label}] if shares else [label]
    table = Table(
        key=key,
        group=group,
        title=title,
        description=description,
        row_header=row_header,
        columns=header,
        chart=chart,
        chart_columns=[i * (2 if shares else 1) for i in range(len(series))],
    )
    for index, (_code, name) in enumerate(categories):
        cells_out: list[Any] = []
        for column, total in zip(columns, totals, strict=True):
            cells_out.append(column[index])
            if shares:
                cells_out.append(_share(column[index], total))
        table.rows.append(Row(str(name), cells_out))
    if additive:
        total_cells: list[Any] = []
        for total in totals:
            total_cells.append(total)
            if shares:
                total_cells.append(
                    Text("100 %", 100.0) if not total.hidden else Text(total.display)
                )
        table.rows.append(Row(total_label, total_cells, is_total=True))
    return table


def _share(cell: Cell, total: Cell) -> Text:
    if cell.hidden or total.hidden:
        return Text(cell.display if cell.hidden else "x")
    if not total.value:
        return Text("\u2013")
    share = 100.0 * cell.value / total.value
    return Text(f"{share:.0f} %", round(share, 1))


def cases_by_year(scope: Scope) -> Table:
    """Cases opened per year: the institution against the network (line chart)."""
    rows = _yearly_counts(_opened_in(scope), "opened_on")
    return _category_table(
        scope,
        key="cases_by_year",
        by="year",
        group=FigureGroup.CASES,
        title=_("Cases opened per year"),
        description=_("New cases by the year they were opened."),
        row_header=_("Year"),
        categories=[(year, str(year)) for year in scope.years],
        rows=rows,
        total_label=_("All years"),
        chart="line",
    )


def cases_by_institution(scope: Scope) -> Table:
    """Cases opened per member institution and year, with row and column totals (protected)."""
    rows = _yearly_counts(_opened_in(scope), "opened_on")
    counts = {(row["institution_id"], row["year"]): row["n"] for row in rows}
    institutions = list(Institution.objects.filter(pk__in=scope.member_ids).order_by("name"))
    with_cases = [i for i in institutions if any((i.pk, y) in counts for y in scope.years)]
    grid = Grid()
    matrix = [[Cell(counts.get((i.pk, year), 0)) for year in scope.years] for i in with_cases]
    column_totals = [
        Cell(sum(matrix[r][c].value for r in range(len(matrix)))) for c in range(len(scope.years))
    ]
    for c, total in enumerate(column_totals):  # each year on its own (rule 5)
        column = [cells[c] for cells in matrix]
        grid.cells += [*column, total]
        grid.lines.append(Line(column, total))
    protect(grid)
    row_totals = [aggregate(cells) for cells in matrix]
    grand = aggregate(column_totals)
    table = Table(
        key="cases_by_institution",
        group=FigureGroup.CASES,
        title=_("Cases opened per institution and year"),
        description=_("New cases of each member institution by the year they were opened."),
        row_header=_("Institution"),
        columns=[*[str(year) for year in scope.years], _("Total")],
        chart="bar",
        chart_columns=[len(scope.years)],
    )
    for institution, cells, total in zip(with_cases, matrix, row_totals, strict=True):
        table.rows.append(
            Row(str(institution.short_name or institution.display_name), [*cells, total])
        )
    table.rows.append(Row(_("Network"), [*column_totals, grand], is_total=True))
    return table


def _cases_by_choice(
    scope: Scope, *, field: str, choices: list[tuple[Any, Any]], closed: bool, **labels: Any
) -> Table:
    """Cases opened (or closed) in the period by a choice field, with shares."""
    if closed:
        rows = _yearly_counts(_closed_in(scope), "closed_on", field)
    else:
        rows = _yearly_counts(_opened_in(scope), "opened_on", field)
    return _category_table(
        scope, by=field, categories=list(choices), rows=rows, shares=True, **labels
    )


def case_kinds(scope: Scope) -> Table:
    """Recruitment against retention cases opened in the period."""
    return _cases_by_choice(
        scope,
        field="kind",
        choices=CaseKind.choices,
        closed=False,
        key="case_kinds",
        group=FigureGroup.KINDS,
        title=_("Recruitment and retention"),
        description=_("Cases opened in the period, by the occasion of the case."),
        row_header=_("Kind of case"),
        total_label=_("All cases"),
    )


def outcomes(scope: Scope) -> Table:
    """How the cases closed in the period ended, with shares."""
    return _cases_by_choice(
        scope,
        field="outcome",
        choices=Outcome.choices,
        closed=True,
        key="outcomes",
        group=FigureGroup.OUTCOMES,
        title=_("Outcomes of closed cases"),
        description=_("Cases closed in the period, by their outcome."),
        row_header=_("Outcome"),
        total_label=_("All closed cases"),
    )


_DURATION = ExpressionWrapper(F("closed_on") - F("opened_on"), output_field=DurationField())
QUANTILES = (0.0, 0.25, 0.5, 0.75, 1.0)


def _days(value: Any) -> float:
    return value.days + value.seconds / 86400 if isinstance(value, dt.timedelta) else float(value)


def _quantiles(cases: QuerySet[Case], n: int) -> list[float]:
    """Minimum, quartiles and maximum of the duration, read by position in the database."""
    ordered = cases.annotate(duration=_DURATION).order_by("duration", "pk")
    result = []
    for q in QUANTILES:
        position = q * (n - 1)
        low = int(position)
        values = [_days(v) for v in ordered.values_list("duration", flat=True)[low : low + 2]]
        if len(values) == 1 or position == low:
            result.append(values[0])
        else:
            result.append(values[0] + (values[1] - values[0]) * (position - low))
    return result


def time_to_outcome(scope: Scope) -> Table:
    """Days from opening to closing of the cases closed in the period: quartiles (box plot)."""
    table = Table(
        key="time_to_outcome",
        group=FigureGroup.DURATION,
        title=_("Time to outcome"),
        description=_(
            "Days from opening to closing of the cases closed in the period: minimum, lower "
            "quartile, median, upper quartile, maximum."
        ),
        row_header=_("Cases of"),
        columns=[
            _("Closed cases"),
            _("Minimum"),
            _("Lower quartile"),
            _("Median"),
            _("Upper quartile"),
            _("Maximum"),
        ],
        chart="box",
        chart_columns=[1, 2, 3, 4, 5],
        unit=_("days"),
    )
    series = _series(scope)
    rows = _yearly_counts(_closed_in(scope), "closed_on")
    # the number of cases: each year protected on its own (rule 5), then added up
    _cells, yearly = _yearly_cells(scope, [{**r, "all": 0} for r in rows], "all", [0], True)
    for index, (label, institution_id) in enumerate(series):
        n = aggregate([yearly[index, year] for year in scope.years])
        cases = _closed_in(scope)
        if institution_id is not None:
            cases = cases.filter(institution_id=institution_id)
        if n.value < THRESHOLD:
            marker = n.display if n.hidden else "\u2013"
            stats = [Text(marker) for _q in QUANTILES]
        else:  # quartiles of 5 cases or more may be shown even where the count is withheld
            stats = [Text(f"{v:.0f}", round(v, 1)) for v in _quantiles(cases, n.value)]
        table.rows.append(Row(label, [n, *stats]))
    return table


def partner_fields(scope: Scope) -> Table:
    """Professional fields of the partners of cases opened in the period.

    Fields named by fewer than 5 partners across the network are counted as
    "Other fields": a rare field could name a person even without a number.
    """
    profiles = PartnerProfile.objects.filter(case__in=_opened_in(scope)).annotate(
        field_key=Lower(Trim("professional_field")),
        institution_id=F("case__institution_id"),
        year=ExtractYear("case__opened_on"),
    )
    rows = list(
        profiles.values("field_key", "institution_id", "year").annotate(n=Count("id")).order_by()
    )
    network_counts = _counts(rows, "field_key", None)
    common = sorted(
        (key for key, (n, _b) in network_counts.items() if key and n >= 5),
        key=lambda key: (-network_counts[key][0], key),
    )[:TOP_FIELDS]
    for row in rows:
        if not row["field_key"]:
            row["field_key"] = "__none"
        elif row["field_key"] not in common:
            row["field_key"] = "__other"
    categories = [(key, key[:1].upper() + key[1:]) for key in common]
    categories += [("__other", _("Other fields")), ("__none", _("Not stated"))]
    return _category_table(
        scope,
        key="partner_fields",
        by="field_key",
        group=FigureGroup.PARTNERS,
        title=_("Professional fields of partners"),
        description=_("Partners of the cases opened in the period, by their professional field."),
        row_header=_("Professional field"),
        categories=categories,
        rows=rows,
        total_label=_("All partners"),
    )


def partner_sectors(scope: Scope) -> Table:
    """Sectors the partners would like to work in (several per partner: no total)."""
    profiles = PartnerProfile.objects.filter(case__in=_opened_in(scope))
    aggregates = {
        code: Count("id", filter=Q(desired_sectors__icontains=f'"{code}"'))
        for code in Sector.values
    }
    rows: list[dict[str, Any]] = []
    per_institution = profiles.values(
        institution_id=F("case__institution_id"), year=ExtractYear("case__opened_on")
    ).annotate(**aggregates)
    for row in per_institution.order_by():
        for code in Sector.values:
            rows.append(
                {
                    "sector": code,
                    "institution_id": row["institution_id"],
                    "year": row["year"],
                    "n": row[code],
                }
            )
    return _category_table(
        scope,
        key="partner_sectors",
        by="sector",
        group=FigureGroup.PARTNERS,
        title=_("Desired sectors of partners"),
        description=_(
            "Partners of the cases opened in the period who would like to work in a sector "
            "(a partner may name several)."
        ),
        row_header=_("Sector"),
        categories=list(Sector.choices),
        rows=rows,
        total_label="",
        additive=False,
    )


NO_ANSWER = "open"
WITHDRAWN = "withdrawn"


def introductions(scope: Scope) -> Table:
    """Introductions made in the period, by the employer's answer (protected by cases)."""
    made = Introduction.objects.filter(
        case__institution_id__in=scope.member_ids,
        created_at__year__gte=scope.year_from,
        created_at__year__lte=scope.year_to,
    )
    state = SqlCase(
        When(withdrawn_at__isnull=False, then=Value(WITHDRAWN)),
        When(answer="", then=Value(NO_ANSWER)),
        default=F("answer"),
    )
    rows = list(
        made.annotate(
            state=state, institution_id=F("case__institution_id"), year=ExtractYear("created_at")
        )
        .values("state", "institution_id", "year")
        .annotate(n=Count("id"), basis=Count("case", distinct=True))
        .order_by()
    )
    categories = [
        *EmployerAnswer.choices,
        (NO_ANSWER, _("No answer yet")),
        (WITHDRAWN, _("Withdrawn")),
    ]
    return _category_table(
        scope,
        key="introductions",
        by="state",
        group=FigureGroup.INTRODUCTIONS,
        title=_("Introductions and employers' answers"),
        description=_(
            "Introductions of partners to employers made in the period, by the employer's "
            "answer. A figure resting on fewer than 5 cases is not shown."
        ),
        row_header=_("Answer"),
        categories=categories,
        rows=rows,
        total_label=_("All introductions"),
        shares=True,
    )


def trainings(scope: Scope) -> Table:
    """Trainings of the network held per year and their participants (the network's, always)."""
    figures = trainings_bridge.figures(
        network=scope.network, year_from=scope.year_from, year_to=scope.year_to
    )
    table = Table(
        key="trainings",
        group=FigureGroup.TRAININGS,
        title=_("Trainings and participants"),
        description=_("Trainings of the network held in the period and their participants."),
        row_header=_("Year"),
        columns=[_("Trainings held"), _("Participants")],
        chart="bar",
        chart_columns=[0, 1],
    )
    cells = []
    for year in scope.years:
        held, participants = figures.get(year, (0, 0))
        # trainings are about officers, not couples: only participants are protected
        row = [Cell(held, basis=0), Cell(participants)]
        cells.append(row)
        table.rows.append(Row(str(year), row))
    protect(Grid(cells=[r[1] for r in cells]))
    held_total = aggregate([r[0] for r in cells])
    participants_total = aggregate([r[1] for r in cells])
    table.rows.append(Row(_("All years"), [held_total, participants_total], is_total=True))
    return table


BUILDERS = {
    FigureGroup.CASES: (cases_by_year, cases_by_institution),
    FigureGroup.KINDS: (case_kinds,),
    FigureGroup.OUTCOMES: (outcomes,),
    FigureGroup.DURATION: (time_to_outcome,),
    FigureGroup.PARTNERS: (partner_fields, partner_sectors),
    FigureGroup.INTRODUCTIONS: (introductions,),
    FigureGroup.TRAININGS: (trainings,),
}


def tables_for(scope: Scope) -> list[Table]:
    """Every table the scope's reader sees, in the page's order."""
    tables: list[Table] = []
    for group, builders in BUILDERS.items():
        if group not in scope.groups:
            continue
        for builder in builders:
            # an officer compares with the network; the per-institution table is the network's
            if builder is cases_by_institution and scope.audience == "officer":
                continue
            table = builder(scope)
            if table is not None:
                tables.append(table)
    return tables


def table_for(scope: Scope, key: str) -> Table:
    """One table of the scope by its key (for a download); Http404 if the reader has none such."""
    for table in tables_for(scope):
        if table.key == key:
            return table
    raise Http404


def new_members(*, network: Network, year: int) -> list[Institution]:
    """Institutions that joined `network` in `year` (for the annual report)."""
    ids = NetworkMembership.objects.filter(network=network, joined_on__year=year).values(
        "institution_id"
    )
    return list(Institution.objects.filter(pk__in=ids).order_by("name"))


def network_by_slug(slug: str) -> Network | None:
    """The network of a URL, or None (the view answers 404)."""
    return Network.objects.filter(slug=slug).first()
