"""``territory units``: every unit id a version or a question may name, with its parts."""

from __future__ import annotations

import pytest


def test_lists_every_unit_and_parent_once(atlas, cli) -> None:
    rows = cli.json("units")
    assert [row["id"] for row in rows] == list(atlas.hierarchy.ids)
    by_id = {row["id"]: row for row in rows}
    assert by_id["kars_okrug"]["parent"] == "kars"
    assert by_id["kars"]["parts"] == ", ".join(atlas.hierarchy.finest("kars"))
    assert by_id["nakhchivan"]["parts"] is None
    assert by_id["erivan"]["area_km2"] == pytest.approx(
        sum(by_id[part]["area_km2"] for part in atlas.hierarchy.finest("erivan")), abs=0.5
    )


def test_table_names_each_unit(atlas, cli) -> None:
    result = cli.run("units")
    assert result.code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "name", "parent", "area_km2", "parts"]
    assert len(lines) == 2 + len(atlas.hierarchy.ids)
    assert any(line.startswith("lori ") and "erivan" in line for line in lines)
