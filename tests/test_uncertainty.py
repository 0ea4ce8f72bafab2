"""Tests of territory.uncertainty: the drawings of the lines, their bounds, and the sampled answers."""

from __future__ import annotations

import json
import os

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

import territory
from territory.adjacency import build_unit_graph
from territory.corridor import check_assignment
from territory.errors import TerritoryError
from territory.uncertainty import (
    INTERNATIONAL_UNCERTAINTY_KM,
    displaced,
    drawn_km,
    line_model,
    sample_lines,
)

LATE_NOVEMBER = "1920-11-29-nakhchivan-taken"
WITH_JUNE = "1920-11-29-nakhchivan-taken+1920-06-20-ordzhonikidze"


def bricks(uncertainty_km: float, offset_degrees: float = 0.006) -> gpd.GeoDataFrame:
    """Four bricks whose middle line jogs by ``offset_degrees`` (about 0.5 km): the jog is a
    short border between ``ne`` and ``sw``, with ``nw`` at one end and ``se`` at the other."""
    cells = {
        "nw": box(44.5, 40.0, 45.0, 40.5), "ne": box(45.0, 40.0, 45.5, 40.5),
        "sw": box(44.5, 39.5, 45.0 + offset_degrees, 40.0), "se": box(45.0 + offset_degrees, 39.5, 45.5, 40.0),
    }
    return gpd.GeoDataFrame({"uncertainty_km": [uncertainty_km] * 4}, geometry=list(cells.values()),
                            index=list(cells), crs=4326)


def brick_drawings(uncertainty_km: float, samples: int = 400, seed: int = 0):
    units = bricks(uncertainty_km)
    graph = build_unit_graph(units)
    return graph, sample_lines(line_model(graph, units), graph, samples, seed, scheduler="none")


def test_a_short_border_vanishes_and_the_units_at_its_ends_touch_instead() -> None:
    graph, drawings = brick_drawings(10.0)
    assert ("ne", "sw") in graph.borders and ("nw", "se") not in graph.borders
    assignment = {"nw": "p", "se": "q", "ne": "r", "sw": "s"}
    diagonal = drawings.answer(assignment, check_assignment(graph, assignment, "p", "q"), limit=50)
    jog = drawings.answer(assignment, check_assignment(graph, assignment, "r", "s"), limit=50)
    assert 0.2 < diagonal.p_connected < 0.8
    # never both; neither only where the exchange leaves under 1 m of border (a point touch)
    assert 0.98 <= diagonal.p_connected + jog.p_connected <= 1.0
    assert diagonal.km_p5 == 0.0 and 0.0 < diagonal.km_p95 <= 2 * 10.0


def test_without_uncertainty_no_border_moves() -> None:
    graph, drawings = brick_drawings(0.0)
    assert len(drawings.graphs) == 1 and drawings.graphs[0] is graph
    expected = np.asarray([border.km for border in graph.borders.values()])
    assert np.allclose(drawings.km[:, : len(expected)], expected, rtol=0, atol=1e-9)


def test_every_vertex_stays_within_its_arc_bound_and_the_tiling_stays_closed(atlas) -> None:
    model = line_model(atlas.adjacency, atlas.units)
    coords = displaced(model, np.random.default_rng(5), 20)
    moved = np.hypot(*np.moveaxis(coords - model.coords[None], -1, 0))
    bound = model.arc_bound[model.vertex_arc]
    assert (moved <= bound[None] + 1e-6).all()
    assert moved.max() > 0.5 * bound.max()  # the bounds are used, not a token displacement
    last = np.r_[model.arc_first[1:], len(model.coords)] - 1
    ends = np.concatenate([coords[:, model.arc_first], coords[:, last]], axis=1)
    nodes = np.concatenate([model.arc_start, model.arc_end])
    for node in np.unique(nodes):  # the arcs meeting at a node move their ends together
        at = ends[:, nodes == node]
        assert np.allclose(at, at[:, :1], atol=1e-6)


def test_arcs_move_smoothly_not_vertex_by_vertex(atlas) -> None:
    model = line_model(atlas.adjacency, atlas.units)
    offsets = displaced(model, np.random.default_rng(9), 10) - model.coords[None]
    step = np.hypot(*np.moveaxis(offsets[:, 1:] - offsets[:, :-1], -1, 0))[:, model.same_arc]
    segment = np.hypot(*(model.coords[1:] - model.coords[:-1]).T)[model.same_arc]
    # neighbouring vertices move alike: the displacement changes by less than the distance between
    # them (noise of the bounds' size on segments of about 140 m would change it 50 times more)
    slope = step / np.maximum(segment, 1.0)
    assert np.median(slope) < 0.05 and np.percentile(slope, 99) < 1.0


def test_international_lines_have_their_own_smaller_bound(atlas) -> None:
    model = line_model(atlas.adjacency, atlas.units)
    pairs = [model.pairs[p] for p in model.arc_pair]
    bounds = dict(zip(pairs, model.arc_bound / 1000, strict=True))
    assert bounds["nakhchivan", "persia"] == INTERNATIONAL_UNCERTAINTY_KM  # Araxes: AZE / IRN
    assert bounds["nakhchivan", "ordubad"] == 10.0  # both in AZE, both 10 km
    assert bounds["nakhchivan", "zangezur_west"] == INTERNATIONAL_UNCERTAINTY_KM  # AZE / ARM
    assert bounds["zangezur_east", "zangezur_west"] == INTERNATIONAL_UNCERTAINTY_KM


def test_the_drawn_lines_measure_as_the_unit_graph(atlas) -> None:
    model = line_model(atlas.adjacency, atlas.units)
    km = drawn_km(model, model.coords[None])[0]
    expected = [border.km for border in atlas.adjacency.borders.values()]
    assert np.allclose(km[: len(expected)], expected, rtol=1e-12)
    assert not km[len(expected):].any()


def test_same_seed_same_bytes_and_another_seed_other_drawings(atlas) -> None:
    first = json.dumps(atlas.ask("turkey-azerbaijan", WITH_JUNE, samples=200, seed=4, scheduler="none").to_dict())
    again = json.dumps(atlas.ask("turkey-azerbaijan", WITH_JUNE, samples=200, seed=4, scheduler="none").to_dict())
    other = atlas.ask("turkey-azerbaijan", WITH_JUNE, samples=200, seed=5, scheduler="none").to_dict()
    assert first == again
    assert json.loads(first)["uncertainty"]["shared_border_km"] != other["uncertainty"]["shared_border_km"]


def test_no_samples_is_the_answer_of_today(atlas) -> None:
    today = atlas.corridor(LATE_NOVEMBER, "turkey", "azerbaijan_ssr")
    assert atlas.corridor(LATE_NOVEMBER, "turkey", "azerbaijan_ssr", samples=0, seed=9) == today
    assert "uncertainty" not in today.to_dict() and today.uncertainty is None


def test_no_uncertainty_gives_the_answer_of_today_in_every_drawing() -> None:
    atlas = territory.load()
    still = line_model(atlas.adjacency, atlas.units.assign(uncertainty_km=0.0))
    assert atlas.derived("uncertainty.model", lambda: still) is still  # every line held still
    for scenario, a, b in [(WITH_JUNE, "turkey", "azerbaijan_ssr"), (LATE_NOVEMBER, "turkey", "azerbaijan_ssr"),
                           (LATE_NOVEMBER, "armenia_republic", "persia")]:
        today = atlas.corridor(scenario, a, b)
        sampled = atlas.corridor(scenario, a, b, samples=50, seed=1, scheduler="none").to_dict()
        assert {k: v for k, v in sampled.items() if k != "uncertainty"} == today.to_dict()
        sampled = sampled["uncertainty"]
        assert sampled["p_connected"] == float(today.connected)
        km = round(today.shared_border_km, 3)
        assert sampled["shared_border_km"] == {"p5": km, "p50": km, "p95": km}
        assert sampled["wedges"] == [{"units": list(w), "share": 1.0} for w in today.wedges]
        assert sampled["openings"] == [{"units": list(o), "share": 1.0} for o in today.openings]


def test_bad_sample_arguments_name_the_argument(atlas) -> None:
    with pytest.raises(TerritoryError, match="samples"):
        atlas.corridor(LATE_NOVEMBER, "turkey", "azerbaijan_ssr", samples=-1)
    with pytest.raises(TerritoryError, match="seed"):
        atlas.ask("turkey-azerbaijan", LATE_NOVEMBER, samples=5, seed="x")
    with pytest.raises(TerritoryError, match="samples"):
        atlas.ask("turkey-azerbaijan", LATE_NOVEMBER, samples=True)


def test_cli_samples_json_is_repeatable_and_says_so(cli) -> None:
    args = ("check", WITH_JUNE, "--between", "turkey", "azerbaijan_ssr", "--samples", "100", "--seed", "2",
            "--scheduler", "none")
    first, second = cli.run(*args, "--json"), cli.run(*args, "--json")
    assert first.code == 0 and first.stdout == second.stdout
    uncertainty = json.loads(first.stdout)["uncertainty"]
    assert uncertainty["samples"] == 100 and uncertainty["seed"] == 2 and uncertainty["p_connected"] == 1.0
    text = cli.run(*args)
    assert "touching in 100.0% of 100 drawings" in text.output and "p5 / p50 / p95" in text.output
    bad = cli.run("check", LATE_NOVEMBER, "--between", "turkey", "azerbaijan_ssr", "--samples", "-3")
    assert bad.code == 2 and "--samples" in bad.output and "Traceback" not in bad.output


def test_a_dask_local_cluster_draws_the_same_lines(atlas) -> None:
    if os.environ.get("CI"):
        import dask.distributed  # noqa: F401  (CI installs the test extra, which has dask)
    else:
        pytest.importorskip("dask.distributed", reason="the [dask] extra is not installed")
    graph = atlas.adjacency
    model = line_model(graph, atlas.units)
    here = sample_lines(model, graph, 250, 11, scheduler="none")
    there = sample_lines(model, graph, 250, 11, scheduler="local")
    assert np.array_equal(here.km, there.km) and np.array_equal(here.topology, there.topology)
