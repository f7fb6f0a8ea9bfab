"""The speed benchmark (benchmarks/bench_render.py) in its tiniest form, so that it cannot rot: one
figure, quality l, pace 0.1, one run. What it writes is checked; no time is asserted."""

from __future__ import annotations

import importlib.util
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def bench_module():
    """benchmarks/bench_render.py as a module (benchmarks/ is not a package)."""
    if "bench_render" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_render", ROOT / "benchmarks" / "bench_render.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_render"] = module  # before running it: its dataclasses look themselves up there
        spec.loader.exec_module(module)
    return sys.modules["bench_render"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """One tiny benchmark run: (the module, its results, the folder it wrote to)."""
    bench = bench_module()
    out = tmp_path_factory.mktemp("bench")
    doc = out / "speed.md"
    doc.write_text("# Speed\n\nBefore.\n\n<!-- speed-table -->\nold table\n<!-- /speed-table -->\n\nAfter.\n")
    args = ["fig2a", "--qualities", "l", "--runs", "1", "--pace", "0.1"]
    results = bench.main([*args, "--out", str(out / "results.json"), "--doc", str(doc), "--chart", str(out / "s.svg")])
    return bench, results, out


@pytest.mark.render
def test_results_json_has_every_measurement(tiny):
    bench, results, out = tiny
    assert json.loads((out / "results.json").read_text()) == results
    assert results["machine"]["cores"] >= 1 and results["settings"]["qualities"] == ["l"]
    video = results["figures"]["fig2a"]["video"]["l"]
    assert video["frames"] > 0 and video["fps"] == 15 and video["runs"] == 1
    assert video["ratio"] == pytest.approx(video["seconds"] / video["floor_seconds"], rel=1e-2)
    assert video["peak_mib"] > 0
    svg = results["figures"]["fig2a"]["svg"]
    assert svg["vector"] and svg["identical"] and svg["kb"] > 0
    assert svg["beyond_import"] == pytest.approx(svg["seconds"] - svg["import_seconds"], abs=2e-3)
    run_all = results["all"]
    assert run_all["figures"] == ["fig2a"] and run_all["speedup"] > 0 and run_all["warm_share"] > 0
    assert run_all["warm_rendered"] == []  # the re-run found everything up to date
    assert run_all["peak_mib"] > 0
    assert set(results["goals"]) == {
        "video_ratio",
        "svg_seconds",
        "svg_kb",
        "svg_vector_and_stable",
        "jobs_speedup",
        "warm_share",
        "peak_mib",
    }
    assert all(v in (True, False, None) for v in results["goals"].values())
    assert results["goals"]["svg_vector_and_stable"] is True


@pytest.mark.render
def test_the_table_replaces_only_what_is_between_its_markers(tiny):
    bench, results, out = tiny
    text = (out / "speed.md").read_text()
    assert text.startswith("# Speed\n\nBefore.\n\n<!-- speed-table -->\n") and text.endswith(
        "<!-- /speed-table -->\n\nAfter.\n"
    )
    assert "old table" not in text and text.count("<!-- speed-table -->") == 1
    table = text.split("<!-- speed-table -->\n")[1].split("<!-- /speed-table -->")[0]
    assert table == bench.speed_table(results)
    rows = [line for line in table.splitlines() if line.startswith("| fig2a |")]
    assert len(rows) == 1 and f"{results['figures']['fig2a']['video']['l']['ratio']:.2f}×" in rows[0]
    assert "`render all`" in table and "Peak memory" in table

    fresh = out / "fresh.md"
    bench.write_table(fresh, "| a |\n")  # a document without markers gets them at its end
    assert fresh.read_text() == "<!-- speed-table -->\n| a |\n<!-- /speed-table -->\n"


@pytest.mark.render
def test_the_chart_is_a_deterministic_svg_with_the_goal_line(tiny):
    bench, results, out = tiny
    chart = (out / "s.svg").read_bytes()
    root = ET.fromstring(chart)
    assert root.tag.endswith("svg")
    assert b"<dc:date>" not in chart  # no timestamp
    again = bench.write_chart(results, out / "again.svg").read_bytes()
    assert again == chart
    changed = json.loads(json.dumps(results))
    changed["figures"]["fig2a"]["video"]["l"]["ratio"] += 0.5
    assert bench.write_chart(changed, out / "changed.svg").read_bytes() != chart


def test_goals_are_judged_from_the_numbers():
    bench = bench_module()
    results = {
        "machine": {"cores": 2},
        "figures": {
            "a": {
                "video": {"l": {"ratio": 1.5, "peak_mib": 300}},
                "svg": {"beyond_import": 0.5, "kb": 100, "vector": True, "identical": True},
            },
            "b": {
                "video": {"l": {"ratio": 2.1, "peak_mib": 900}},
                "svg": {"beyond_import": 1.2, "kb": 500, "vector": True, "identical": False},
            },
        },
        "all": {"speedup": 1.8, "warm_share": 0.02, "peak_mib": 1100},
    }
    goals = bench.judge(results)
    assert goals == {
        "video_ratio": False,
        "svg_seconds": False,
        "svg_kb": False,
        "svg_vector_and_stable": False,
        "jobs_speedup": True,
        "warm_share": True,
        "peak_mib": False,
    }
    results["machine"]["cores"] = 1
    del results["all"]
    assert bench.judge(results)["jobs_speedup"] is None and bench.judge(results)["warm_share"] is None
