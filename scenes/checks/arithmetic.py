"""Arithmetic a reader can check by hand: a drawn result against its drawn operands.

The rule (issue 17, item 1): recompute a drawn product, sum, mean or difference from the operands *as
drawn* (their texts, not the values behind them), round it to as many decimals as the result is drawn
with, and it must give the drawn result exactly. A result drawn with "≈" (``Num(..., approx=True)``
draws "≈ 0.25") may be one off in its last digit, no more.

Everything here is exact: drawn texts are read as ``Decimal`` (``value_of``), so "0.1 + 0.2" is 0.3, not
0.30000000000000004. A recomputed value exactly half-way between two drawn results (0.125 drawn with two
decimals) agrees with either neighbour: both are correct roundings, and a reader cannot tell which rule
the figure used.

``agrees(drawn_result_text, exact)`` is the test; relations in ``scenes.checks.bindings`` (``sum_of``,
``product_of``, ``mean_of``, ``difference_of``) and ``scenes.parts.sliding.weighted_sum`` call it.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from scenes.mobjects.text import APPROX, MINUS


def is_approx(text: str) -> bool:
    """Whether a drawn number is marked as approximate: its text starts with "≈"."""
    return text.strip().startswith(APPROX)


def _bare(text: str) -> str:
    return text.strip().lstrip(APPROX).strip().replace(MINUS, "-").replace(",", "")  # '69,632': a count


def value_of(text: str) -> Decimal:
    """The exact value a drawn number reads as: '−0.25' -> Decimal('-0.25'), '≈ 1.3' -> Decimal('1.3'),
    '1e−12' -> Decimal('1E-12')."""
    return Decimal(_bare(text))


def ulp(text: str) -> Decimal:
    """One unit in the last drawn digit: 0.01 for '0.25', 1 for '784', 1e-17 for '2.2e−16'."""
    return Decimal(1).scaleb(value_of(text).as_tuple().exponent)


def decimals_of(text: str) -> int:
    """How many decimals a fixed-point text is drawn with ('−0.250' -> 3, '7' -> 0)."""
    bare = _bare(text)
    return len(bare.split(".")[1]) if "." in bare and "e" not in bare.lower() else 0


def exact(value) -> Decimal:
    """``value`` as a Decimal: Decimals and ints as they are, floats by their shortest repr rounded to 12
    significant digits (a float sum of drawn decimals carries noise in its 17th digit that must not push a
    tie either way)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return Decimal(value)
    number = Decimal(repr(float(value)))
    if not number.is_finite() or number == 0:
        return number
    with localcontext() as context:
        context.prec = 50
        return number.quantize(Decimal(1).scaleb(number.adjusted() - 11))


def agrees(drawn_result_text: str, exact_from_drawn_operands) -> bool:
    """Whether ``drawn_result_text`` is ``exact_from_drawn_operands`` rounded to the drawn result's last digit
    (a tie either way), or — only when the result is drawn with "≈" — one off in that digit."""
    drawn = value_of(drawn_result_text)
    slack = Decimal("1.5") if is_approx(drawn_result_text) else Decimal("0.5")
    with localcontext() as context:
        context.prec = 50
        return abs(drawn - exact(exact_from_drawn_operands)) <= slack * ulp(drawn_result_text)


def rounded(exact_value, like: str) -> str:
    """``exact_value`` rounded to the digits of the drawn text ``like``, written as it would be drawn (for
    messages: "reads 0.13, the drawn operands give 0.12")."""
    value = exact(exact_value)
    bare = _bare(like)
    if "e" in bare.lower():
        digits = len(bare.lower().split("e")[0].split(".")[1]) if "." in bare.lower().split("e")[0] else 0
        text = f"{value:.{digits}e}"
    else:
        with localcontext() as context:
            context.prec = 50
            text = f"{value.quantize(ulp(like)):f}"
        if Decimal(text) == 0:
            text = text.lstrip("-")
    return text.replace("-", MINUS)


def mismatch(drawn_result_text: str, exact_from_drawn_operands, what: str) -> str | None:
    """None if the drawn result agrees; otherwise one line saying what it reads and what the drawn operands
    give (``what`` names the recomputation, e.g. "the drawn products + bias sum to")."""
    if agrees(drawn_result_text, exact_from_drawn_operands):
        return None
    value = exact(exact_from_drawn_operands)
    plain, near = _plain(value), rounded(value, drawn_result_text)
    return (
        f"reads {drawn_result_text}, but {what} {plain}"
        + ("" if value_of(near) == value else f", which rounds to {near}")
        + ("" if is_approx(drawn_result_text) else " (draw it with more digits, or with ≈ if one off is meant)")
    )


def _plain(value: Decimal) -> str:
    """A recomputed value for a message: exact when short, else to 10 significant digits."""
    if len(value.normalize().as_tuple().digits) > 10:
        with localcontext() as context:
            context.prec = 10
            value = +value
    text = f"{value.normalize():f}" if abs(value) >= Decimal("1e-6") or value == 0 else f"{value:e}"
    return text.replace("-", MINUS)


__all__ = ["APPROX", "agrees", "decimals_of", "exact", "is_approx", "mismatch", "rounded", "ulp", "value_of"]
