"""What a still says about itself on the page: its alt text and its hover overlay.

``describe`` writes a still's title and description from what the scene shows: the figure's title and
caption, the step the still ends (its caption) and its key numbers as drawn — an output, a result, a
prediction, and the bound of every equality's max |Δ|.

``overlay`` writes an invisible layer of SVG ``<title>``s over the drawing: one per shown cell of every
grid (its index and exact value; the drawn paths stay one per colour) and one per drawn number (its full
precision, its role and the value it was read from), so a reader hovering the still in a browser can ask
what any number is. Cells sit in a group scaled to the grid's cells (one ``<rect x y>`` each, 1×1 by CSS),
which keeps a 28×28 grid's overlay to about 40 KB; a plane seen in depth (rows shifted sideways) has a group
per row, shifted as its row is.
"""

from __future__ import annotations

import html

import numpy as np

from scenes.checks.inspect import items_of
from scenes.pipeline.vector import Still, frame_matrix

KEY_ROLES = (
    "output",
    "result",
    "neuron",
    "dotted",
    "predicted",
    "true_label",
    "score",
)  # named in the alt text, in this order
MAX_KEY_NUMBERS = 12


def _role_text(role) -> str:
    return " ".join(str(r) for r in role) if role else "unbound"


def _index_text(index) -> str:
    return f"[{', '.join(str(int(i)) for i in index)}]" if len(index) else ""


def exact(value) -> str:
    """A value in full: the shortest text that reads back as the same float64 (or the integer)."""
    value = np.asarray(value).item()
    if isinstance(value, (bool, int)):
        return str(value)
    return repr(float(value))


def key_numbers(items) -> list[str]:
    """The numbers the alt text names, as drawn: outputs, results, the prediction and the true class, scores
    (each role once, in drawing order, a role's numbers together), then the bound of every equality's max |Δ|."""
    groups: dict[str, list[str]] = {}
    bounds: list[str] = []
    seen = set()
    for item in items:
        if item.kind != "number" or not item.role or item.role in seen:
            continue
        name = item.role[0]
        if name == "bound":
            what = str(item.role[1]) if len(item.role) > 1 else "difference"
            text = "max |Δ|" if what == "max_abs_diff" else f"max |Δ| of the {what.removesuffix('_diff')}"
            bounds.append(f"the two sides are equal: {text} < {item.text}")
        elif name in KEY_ROLES:
            mob = item.mobject
            groups.setdefault(name, []).append(f"{mob.key}{_index_text(mob.index)} = {item.text}")
        else:
            continue
        seen.add(item.role)
    out = []
    for name in KEY_ROLES:
        shown = groups.get(name, [])
        if len(shown) > MAX_KEY_NUMBERS:
            shown = shown[: MAX_KEY_NUMBERS - 1] + [f"… ({len(shown)} in all)"]
        if len(shown) == 1 and shown[0].startswith(f"{name} = "):
            out.append(shown[0])  # "predicted = 3"
        elif shown:
            out.append(f"{name.replace('_', ' ')}: " + ", ".join(shown))
    return out + bounds


def describe(scene, figure, step: int | None = None) -> Still:
    """The still's title and description (no overlay yet): what the figure is, which step it ends, and
    its key numbers."""
    steps = scene.steps
    title = figure.title if step is None else f"{figure.title} (step {step})"
    parts = [figure.caption.rstrip(".") + "."]
    if steps:
        last = steps[-1]
        where = f"step {len(steps)}" if step is not None else f"the last step ({len(steps)})"
        parts.append(f"This still shows the end of {where}, {last.name}: {last.caption.rstrip('.')}.")
    numbers = key_numbers(items_of(scene.mobjects))
    if numbers:
        parts.append("Key numbers: " + "; ".join(numbers) + ".")
    return Still(title, " ".join(parts))


def _px(matrix, x: float, y: float) -> tuple[float, float]:
    return matrix.transform_point(float(x), float(y))


def _n(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _t(text: str) -> str:
    return html.escape(text, quote=False)


# (MIN_CELL_PX, HOVER_PX) by coarseness level: a cell drawn narrower than the first (at the still's size) is
# hovered in a block of cells at least the second across. Level 0 is cell by cell for any cell a pointer can
# aim at; a still over its size budget (a figure of 4000 cells) takes the next level, and so on.
HOVER_LEVELS = ((3.0, 6.0), (8.0, 12.0), (12.0, 18.0), (16.0, 24.0), (24.0, 36.0))


def overlay(scene, width: int, height: int, level: int = 0) -> tuple[str, str]:
    """(SVG elements, CSS) of the hover layer over the scene's current frame drawn at width×height."""
    min_cell, hover = HOVER_LEVELS[min(level, len(HOVER_LEVELS) - 1)]
    matrix = frame_matrix(width, height)
    grids, marks = [], []
    for item in drawing_order(items_of(scene.mobjects)):
        if item.kind == "grid":
            grids.append(_grid_overlay(item, matrix, min_cell, hover))
        elif item.kind == "number":
            mob = item.mobject
            value = np.asarray(mob.value)
            what = f"{mob.key}{_index_text(mob.index)} = {exact(value)}"
            marks.append(_box(item.bbox, matrix, f"{item.text}: {what} (role: {_role_text(item.role)})"))
        elif item.kind == "shape-label":
            marks.append(_box(item.bbox, matrix, f"{item.text}: the shape of {item.mobject.key}"))
        elif item.kind == "math" and getattr(item.mobject, "numbers", None):
            sizes = "; ".join(
                f"{size.value} = {'size' if size.axis is None else f'axis {size.axis}'} of {size.key}"
                + (f" ({size.role})" if size.role else "")
                for size in item.mobject.numbers.values()
            )
            marks.append(_box(item.bbox, matrix, f"{item.text}: {sizes}"))
    body = "".join(g for g in grids if g) + "".join(marks)
    if not body:
        return "", ""
    css = (
        ".hover{fill:#000;fill-opacity:0;stroke:none}"
        ".hover g>rect:not([width]){width:1px}.hover g>rect:not([height]){height:1px}"
    )
    return f'<g class="hover">\n{body}</g>\n', css


def drawing_order(items) -> list:
    """The items as the camera draws them: by z-index, ties in family order (manim sorts the family this way,
    stably). A browser gives the pointer to the element drawn last, so a cell drawn over another (a plane in
    front of the next one's back rows) answers for the point, not the hidden cell behind it."""
    return sorted(items, key=lambda item: getattr(item.mobject, "z_index", 0) if item.mobject is not None else 0)


def _box(bbox, matrix, title: str) -> str:
    x0, y1 = _px(matrix, bbox[0], bbox[1])
    x1, y0 = _px(matrix, bbox[2], bbox[3])
    pad = 3.0
    return (
        f'<rect x="{_n(x0 - pad)}" y="{_n(y0 - pad)}" width="{_n(x1 - x0 + 2 * pad)}" '
        f'height="{_n(y1 - y0 + 2 * pad)}"><title>{_t(title)}</title></rect>\n'
    )


def _grid_overlay(item, matrix, min_cell: float = 3.0, hover: float = 6.0) -> str:
    """One <g> per grid in cell units, titled with the grid's role and shape: a <rect> per shown cell with
    its index and exact value. Kept compact: a run of equal values along a row is one rect ("[3, 0…7] 0.0"),
    a row of a wide grid is a <g> of its own (no y per cell), and cells drawn under ``min_cell`` px (a 784×1
    column) are hovered in blocks of at least ``hover`` px, whose title lists every value in the block."""
    grid = item.mobject
    h, w = grid.grid_shape
    visible = item.visible.reshape(h, w)
    if not visible.any():
        return ""
    array = np.asarray(grid.array).reshape(h, w)
    name = f"{_role_text(item.role)}: {h}×{w} grid"
    left, top, gw, gh = grid.box()
    if not (grid.regular and _on_lattice(grid)):
        rows = _shifted_rows(grid)
        if rows is not None:
            return _shifted_cells(rows, visible, array, name, matrix)
        return _loose_cells(grid, visible, array, name, matrix)
    x0, y0 = _px(matrix, left, top)
    x1, y1 = _px(matrix, left + gw / w, top - gh / h)
    cw, ch = x1 - x0, y1 - y0
    bw = 1 if cw >= min_cell else int(np.ceil(hover / cw))
    bh = 1 if ch >= min_cell else int(np.ceil(hover / ch))
    out = [f'<g transform="matrix({_n4(cw)} 0 0 {_n4(ch)} {_n(x0)} {_n(y0)})"><title>{_t(name)}</title>']
    if bw > 1 or bh > 1:
        for i0 in range(0, h, bh):
            for j0 in range(0, w, bw):
                block = visible[i0 : i0 + bh, j0 : j0 + bw]
                if not block.any():
                    continue
                i1, j1 = min(i0 + bh, h) - 1, min(j0 + bw, w) - 1
                cells = ", ".join(
                    exact(array[i, j]) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1) if visible[i, j]
                )
                size = (f' width="{j1 - j0 + 1}"' if j1 > j0 else "") + (f' height="{i1 - i0 + 1}"' if i1 > i0 else "")
                where = f"[{_span(i0, i1)}, {_span(j0, j1)}]"
                out.append(f'<rect x="{j0}" y="{i0}"{size}><title>{where} {cells}</title></rect>')
        return "".join(out) + "</g>\n"
    rows = w >= ROW_GROUP_WIDTH
    for i in range(h):
        runs = _runs(visible[i], array[i])
        if not runs:
            continue
        if rows:
            out.append(f'<g transform="translate(0 {i})">' if i else "<g>")
        for j0, j1 in runs:
            size = f' width="{j1 - j0 + 1}"' if j1 > j0 else ""
            y = "" if rows else f' y="{i}"'
            out.append(f'<rect x="{j0}"{y}{size}><title>[{i}, {_span(j0, j1)}] {exact(array[i, j0])}</title></rect>')
        if rows:
            out.append("</g>")
    return "".join(out) + "</g>\n"


ROW_GROUP_WIDTH = 4  # grids this wide get a <g> per row


def _span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}…{b}"


def _runs(shown: np.ndarray, values: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) of each run of shown cells along a row holding the same value."""
    runs, start = [], None
    for j in range(len(shown)):
        if not shown[j]:
            start = None
            continue
        if start is not None and exact(values[j]) == exact(values[start]):
            runs[-1] = (start, j)
        else:
            start = j
            runs.append((j, j))
    return runs


def _on_lattice(grid) -> bool:
    """Whether the grid's cells tile its box in rows and columns (as they do at every step's end)."""
    h, w = grid.grid_shape
    left, top, gw, gh = grid.box()
    i, j = np.divmod(np.arange(h * w), w)
    lattice = np.stack([left + j * gw / w, top - i * gh / h, left + (j + 1) * gw / w, top - (i + 1) * gh / h], 1)
    return bool(np.allclose(grid.absolute_rects(), lattice, atol=1e-6))


def _shifted_rows(grid):
    """(left, top, cell width, cell height, each row's shift in cell widths) when the grid's cells are all one
    size and each row is a row of the lattice shifted sideways (a PlaneGrid seen in depth); else None."""
    h, w = grid.grid_shape
    rects = grid.absolute_rects()
    cw, ch = rects[0, 2] - rects[0, 0], rects[0, 1] - rects[0, 3]
    if cw <= 0 or ch <= 0:
        return None
    left, top = rects[:, 0].min(), rects[:, 1].max()
    i, j = np.divmod(np.arange(h * w), w)
    shift = (rects[::w, 0] - left) / cw  # each row's first cell, in cell widths from the left
    x0 = left + (shift[i] + j) * cw
    y0 = top - i * ch
    lattice = np.stack([x0, y0, x0 + cw, y0 - ch], 1)
    if not np.allclose(rects, lattice, atol=1e-6):
        return None
    return float(left), float(top), float(cw), float(ch), shift


def _shifted_cells(rows, visible, array, name: str, matrix) -> str:
    """Cells of a grid whose rows are shifted sideways (a sheared plane): one <g> in cell units titled with the
    grid's name, a <g> per row translated by the row's shift, a <rect> per run of equal values in the row titled
    "[i, j] value" (each cell's own box, so the element under the pointer at a cell's centre names that cell)."""
    left, top, cw, ch, shift = rows
    x0, y0 = _px(matrix, left, top)
    x1, y1 = _px(matrix, left + cw, top - ch)
    out = [f'<g transform="matrix({_n4(x1 - x0)} 0 0 {_n4(y1 - y0)} {_n(x0)} {_n(y0)})"><title>{_t(name)}</title>']
    for i in range(visible.shape[0]):
        runs = _runs(visible[i], array[i])
        if not runs:
            continue
        out.append(f'<g transform="translate({_n4(shift[i])} {i})">' if i or shift[i] else "<g>")
        for j0, j1 in runs:
            size = f' width="{j1 - j0 + 1}"' if j1 > j0 else ""
            out.append(f'<rect x="{j0}"{size}><title>[{i}, {_span(j0, j1)}] {exact(array[i, j0])}</title></rect>')
        out.append("</g>")
    return "".join(out) + "</g>\n"


def _loose_cells(grid, visible, array, name: str, matrix) -> str:
    """Cells off any lattice (mid-transform): a <g> titled with the grid's name, one rect each in points
    titled "[i, j] value"."""
    out = [f"<g><title>{_t(name)}</title>"]
    w = grid.grid_shape[1]
    rects = grid.absolute_rects()
    for k in np.flatnonzero(visible.ravel()):
        i, j = divmod(int(k), w)
        px0, py0 = _px(matrix, rects[k][0], rects[k][1])
        px1, py1 = _px(matrix, rects[k][2], rects[k][3])
        out.append(
            f'<rect x="{_n(px0)}" y="{_n(py0)}" width="{_n(px1 - px0)}" height="{_n(py1 - py0)}">'
            f"<title>[{i}, {j}] {exact(array[i, j])}</title></rect>\n"
        )
    return "".join(out) + "</g>\n"


def _n4(x: float) -> str:
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def page_still(scene, figure, width: int, height: int, step: int | None = None) -> Still:
    """Alt text and hover overlay of the scene's current frame."""
    still = describe(scene, figure, step)
    still.overlay = lambda level: overlay(scene, width, height, level)
    return still


__all__ = ["describe", "drawing_order", "exact", "key_numbers", "overlay", "page_still"]
