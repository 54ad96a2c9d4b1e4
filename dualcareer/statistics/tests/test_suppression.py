"""The disclosure rules of `suppression`, case by case (plain Python, no database)."""

from django.test import SimpleTestCase

from dualcareer.statistics.suppression import (
    SHOWN,
    SMALL,
    WITHHELD,
    Cell,
    Grid,
    Line,
    Pair,
    protect,
    protect_line,
)


def states(cells: list[Cell]) -> list[str]:
    return [cell.state for cell in cells]


class PrimarySuppressionTests(SimpleTestCase):
    def test_it_shows_figures_of_five_cases_or_more_and_zero(self) -> None:
        cells = [Cell(0), Cell(5), Cell(12)]
        protect(Grid(cells=cells))
        self.assertEqual(states(cells), [SHOWN, SHOWN, SHOWN])

    def test_it_shows_one_to_four_cases_as_fewer_than_five(self) -> None:
        cells = [Cell(1), Cell(4)]
        protect(Grid(cells=cells))
        self.assertEqual([cell.display for cell in cells], ["< 5", "< 5"])

    def test_it_judges_a_count_by_the_cases_behind_it(self) -> None:
        # 9 introductions of 2 couples: the 9 rests on fewer than 5 cases
        cell = Cell(9, basis=2)
        protect(Grid(cells=[cell]))
        self.assertEqual(cell.display, "< 5")


class DifferencingInALineTests(SimpleTestCase):
    def test_it_withholds_the_next_smallest_figure_when_one_is_small(self) -> None:
        # 3 + 7 + 20 = 30: with only the 3 hidden, 30 - 7 - 20 would give it back
        cells, total = protect_line([3, 7, 20])
        self.assertEqual(states(cells), [SMALL, WITHHELD, SHOWN])
        self.assertEqual(total.display, "30")
        self.assertEqual([c.display for c in cells], ["< 5", "x", "20"])

    def test_it_withholds_more_until_the_hidden_figures_make_five_cases(self) -> None:
        # 1 + 1 hidden = 2 (< 5): the next smallest, 6, is withheld too
        cells, _total = protect_line([1, 1, 6, 9])
        self.assertEqual(states(cells), [SMALL, SMALL, WITHHELD, SHOWN])

    def test_it_skips_zero_cells_that_would_not_protect(self) -> None:
        cells, _total = protect_line([2, 0, 8])
        self.assertEqual(states(cells), [SMALL, SHOWN, WITHHELD])

    def test_two_small_figures_that_make_five_together_suffice(self) -> None:
        cells, _total = protect_line([2, 3, 10])
        self.assertEqual(states(cells), [SMALL, SMALL, SHOWN])

    def test_it_withholds_the_total_when_nothing_else_can_protect(self) -> None:
        _cells, total = protect_line([3, 0])
        self.assertEqual(total.display, "< 5")
        _cells, total = protect_line([2, 2])
        self.assertEqual(total.display, "< 5")

    def test_a_line_without_small_figures_is_untouched(self) -> None:
        cells, total = protect_line([5, 6, 7])
        self.assertEqual(states([*cells, total]), [SHOWN] * 4)

    def test_no_hidden_figure_can_be_worked_out_from_the_published_ones(self) -> None:
        checked = 0
        for values in ([3, 7, 20], [1, 1, 6, 9], [4, 5, 5, 5], [2, 0, 8], [1, 30, 2]):
            cells, total = protect_line(values)
            hidden = [c for c in cells if c.hidden]
            published = sum(c.value for c in cells if not c.hidden)
            if not total.hidden and hidden:
                checked += 1
                self.assertGreaterEqual(len(hidden), 2, values)
                self.assertGreaterEqual(total.value - published, 5, values)
        self.assertGreaterEqual(checked, 3)  # the lines above really hide figures


class InstitutionAgainstNetworkTests(SimpleTestCase):
    def test_the_network_figure_is_withheld_when_the_rest_is_small(self) -> None:
        # institution 6, network 8: the other members had 2 cases
        part, whole = Cell(6), Cell(8)
        protect(Grid(cells=[part, whole], pairs=[Pair(part, whole)]))
        self.assertEqual((part.display, whole.display), ("6", "x"))

    def test_the_network_figure_stays_when_the_rest_is_large_or_zero(self) -> None:
        for network in (11, 6):
            part, whole = Cell(6), Cell(network)
            protect(Grid(cells=[part, whole], pairs=[Pair(part, whole)]))
            self.assertEqual(whole.state, SHOWN)

    def test_a_withheld_network_figure_cannot_be_recovered_from_its_column_total(self) -> None:
        # years: institution 6 and 5, network 8 and 20 (totals 11 and 28)
        inst = [Cell(6), Cell(5)]
        net = [Cell(8), Cell(20)]
        inst_total, net_total = Cell(11), Cell(28)
        grid = Grid(
            cells=[*inst, *net, inst_total, net_total],
            lines=[Line(inst, inst_total), Line(net, net_total)],
            pairs=[Pair(a, b) for a, b in zip([*inst, inst_total], [*net, net_total], strict=True)],
        )
        protect(grid)
        # 28 - 20 = 8 would give the withheld 8 back, and 8 - 6 the other members' 2
        self.assertEqual([c.display for c in net], ["x", "x"])
        self.assertEqual(net_total.display, "28")
        # what can be derived: the other members' cases of both years together
        self.assertGreaterEqual((net_total.value - inst_total.value), 5)


class PeriodTests(SimpleTestCase):
    def test_a_period_figure_is_shown_only_if_every_year_is_shown(self) -> None:
        from dualcareer.statistics.suppression import aggregate

        years = [Cell(3), Cell(8)]
        protect(Grid(cells=years))
        # 2023-2024 gives 11, 2024 alone 8: showing 11 would give 2023's 3 away
        self.assertEqual(aggregate(years).display, "x")
        self.assertEqual(aggregate([Cell(2), Cell(1)]).display, "< 5")
        self.assertEqual(aggregate([Cell(0), Cell(8)]).display, "8")
