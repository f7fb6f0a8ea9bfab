"""The ledger of what is drawn (issue 17, item 10): `render.py ledger FIG [--step N|NAME] [--json]`."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache

import numpy as np
import pytest
from click.testing import CliRunner

from compute.values import FigureInputs, InputError
from onebyone.ledger import FIELDS, as_table, ledger
from render import cli
from scenes.checks.arithmetic import decimals_of, is_approx
from scenes.mobjects.text import FORMATS
from scenes.registry import FIGURES

KINDS = {"number", "text", "math", "grid", "shape"}
SEVEN = FigureInputs(digit=7, index=12)


@lru_cache(maxsize=None)
def fig2a(inputs: FigureInputs | None = None) -> str:
    return json.dumps(ledger("fig2a", inputs))


def entries(inputs=None) -> list[dict]:
    return json.loads(fig2a(inputs))


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_every_step_and_every_field():
    steps = entries()
    assert [s["step"] for s in steps] == list(range(1, len(steps) + 1))
    assert [s["name"] for s in steps][:2] == ["kernel", "position-1"]
    assert all(s["caption"].endswith(".") for s in steps)
    for s in steps:
        assert s["items"], f"step {s['name']} lists nothing"
        for item in s["items"]:
            assert tuple(item) == FIELDS
            assert item["kind"] in KINDS
            x0, y0, x1, y1 = item["bbox"]
            assert 0 <= x0 <= x1 <= 1920 and 0 <= y0 <= y1 <= 1080, item
            if item["kind"] in ("number", "text", "math"):
                assert isinstance(item["text"], str) and item["cap_px"] >= 20
            else:
                assert item["cap_px"] is None and item["value"] is None
            if item["kind"] == "grid":  # every grid shows a block of the values, but a colour bar's ramp
                assert item["text"] is None and len(item["shape"]) == 2
                assert (item["key"] is None) == (item["role"][0] == "colorbar"), item
    title = steps[0]["items"][0]
    assert title["text"] == FIGURES["fig2a"].title and title["bbox"][1] < 200  # origin top left: the title is up


def test_a_number_reads_its_value_as_drawn():
    values = FIGURES["fig2a"].values()
    numbers = [i for s in entries() for i in s["items"] if i["kind"] == "number"]
    assert len(numbers) > 50
    for n in numbers:
        assert n["value"] == pytest.approx(float(np.asarray(values[n["key"]])[tuple(n["index"])]), abs=0)
        shown = n["text"].removeprefix("\u2248 ") if is_approx(n["text"]) else n["text"]
        assert shown == FORMATS["fixed"](n["value"], decimals_of(shown)), n
    assert any(n["text"].startswith("\u2212") for n in numbers), "a true minus sign"


def test_one_step_by_number_or_name():
    by_number = ledger("fig2a", step=3)
    by_name = ledger("fig2a", step="sum-1")
    assert by_number == by_name and len(by_number) == 1 and by_number[0]["name"] == "sum-1"
    assert by_number == [s for s in entries() if s["name"] == "sum-1"]
    result = [i for i in by_number[0]["items"] if i["role"] == ["result", 0]]
    assert len(result) == 1 and result[0]["kind"] == "number"


def test_two_ledgers_diff_where_the_drawing_differs():
    """Another digit: the pixels and sums drawn change, the layout does not; the same inputs twice: no change."""
    assert fig2a(None) == json.dumps(ledger("fig2a"))
    default, seven = entries(), entries(SEVEN)
    assert [s["name"] for s in default] == [s["name"] for s in seven]
    diff = [
        line
        for line in difflib.unified_diff(as_table(default).splitlines(), as_table(seven).splitlines(), lineterm="")
        if line.startswith(("+ ", "- "))
    ]
    assert any("(pixel, 0, 0, 0)" in line for line in diff) and any("(result, 0)" in line for line in diff)
    assert not any("(kernel, 0, 0)" in line for line in diff), "the kernel is the same"


def test_command_table_and_json():
    table = run("ledger", "fig2a", "--step", "2")
    assert table.exit_code == 0
    assert table.output.startswith("step 2 position-1: ") and "(pixel, 0, 0, 0)" in table.output
    data = run("ledger", "fig2a", "--step", "position-1", "--json", "--digit", "7", "--index", "12")
    assert data.exit_code == 0
    assert json.loads(data.output) == [s for s in entries(SEVEN) if s["name"] == "position-1"]


@pytest.mark.parametrize(
    "args, says",
    [
        (("ledger", "fig9z"), "fig1a"),
        (("ledger", "fig2a", "--step", "99"), "its steps are 1 kernel, 2 position-1"),
        (("ledger", "fig2a", "--step", "nope"), "its steps are 1 kernel"),
        (("ledger", "fig1b", "--kernel", "laplace"), "fig1b does not take --kernel"),
    ],
)
def test_bad_figure_or_step_is_one_line_exit_2(args, says):
    result = run(*args)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], result.output


def test_the_api_names_what_exists():
    with pytest.raises(InputError, match="figures are fig1a, fig1b"):
        ledger("fig9z")
    with pytest.raises(InputError, match="its steps are 1 kernel"):
        ledger("fig2a", step="nope")
