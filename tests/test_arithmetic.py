"""Arithmetic on screen checks by hand (issue 17, item 1): a drawn result is its drawn operands' result,
rounded to the drawn result's digits — exactly, or one off in the last digit when drawn with "≈"."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from scenes.checks.arithmetic import agrees, decimals_of, exact, is_approx, mismatch, rounded, ulp, value_of
from scenes.checks.bindings import Bindings
from scenes.checks.inspect import Item
from scenes.mobjects.text import Num, parse_number


def test_drawn_texts_read_exactly():
    assert value_of("\u22120.25") == Decimal("-0.25")
    assert value_of("\u2248 1.30") == Decimal("1.30")
    assert value_of("1e\u221212") == Decimal("1e-12")
    assert decimals_of("\u22120.250") == 3 and decimals_of("784") == 0
    assert ulp("0.25") == Decimal("0.01") and ulp("784") == 1 and ulp("2.2e\u221216") == Decimal("1e-17")
    assert is_approx("\u2248 0.3") and not is_approx("\u22120.3")


@pytest.mark.parametrize(
    "drawn, recomputed, ok",
    [
        ("0.30", Decimal("0.30"), True),
        ("0.30", Decimal("0.304"), True),
        ("0.30", Decimal("0.306"), False),  # rounds to 0.31
        ("0.31", Decimal("0.30"), False),  # one off, drawn without ≈: wrong
        ("\u2248 0.31", Decimal("0.30"), True),  # one off, drawn with ≈: allowed
        ("\u2248 0.32", Decimal("0.30"), False),  # two off: wrong even with ≈
        ("0.13", Decimal("0.125"), True),  # a tie may round either way
        ("0.12", Decimal("0.125"), True),
        ("0.12", Decimal("0.1251"), False),
        ("\u22120.50", Decimal("-0.495"), True),
        ("0.00", Decimal("-0.004"), True),
        ("784", 784, True),
        ("783", 784, False),
        ("0.30", 0.1 + 0.2, True),  # float noise in the 17th digit is not a difference
        ("2.2e\u221216", 2.24e-16, True),
        ("2.2e\u221216", 2.26e-16, False),
    ],
)
def test_the_rule(drawn, recomputed, ok):
    assert agrees(drawn, recomputed) is ok
    assert (mismatch(drawn, recomputed, "the operands give") is None) is ok


def test_messages_say_what_it_should_read():
    assert rounded(Decimal("0.306"), "0.30") == "0.31"
    assert rounded(Decimal("-0.0001"), "0.00") == "0.00"
    assert rounded(Decimal("-1.5"), "0") in ("\u22122", "\u22121")
    assert "rounds to 0.31" in mismatch("0.30", Decimal("0.306"), "the sum is")
    assert exact(0.1 + 0.2) == Decimal("0.3")


def test_num_drawn_approximately_reads_its_value():
    values = {"y": np.array([0.3049])}
    num = Num(values, "y", 0, decimals=2, approx=True, role=("result", 0))
    assert num.text == "\u2248 0.30" and num.shown == "0.30"
    assert parse_number(num.text) == 0.30
    assert Num(values, "y", 0, decimals=2).text == "0.30"


def number(role, text) -> Item:
    return Item("number", (0.0, 0.0, 1.0, 1.0), tuple(role), text=text)


def relation_problems(b: Bindings, items) -> list[str]:
    return [p for relation in b.relations for p in relation("s", items)]


def test_sum_of_is_strict():
    # 0.334 + 0.334 + 0.334 = 1.002, drawn as 0.33 + 0.33 + 0.33: the reader gets 0.99, not 1.00
    parts = [number(("product", 0, m), "0.33") for m in range(3)]
    b = Bindings({}).sum_of("result", "product")
    assert relation_problems(b, parts + [number(("result", 0), "0.99")]) == []
    (problem,) = relation_problems(b, parts + [number(("result", 0), "1.00")])
    assert "result[0] reads 1.00" in problem and "0.99" in problem
    assert relation_problems(b, parts + [number(("result", 0), "\u2248 1.00")]) == []
    with_bias = parts + [number(("bias",), "\u22120.50"), number(("result", 0), "0.49")]
    assert relation_problems(Bindings({}).sum_of("result", "product", plus="bias"), with_bias) == []


def test_product_of_and_difference_of_find_their_operands():
    items = [
        number(("pixel", 0, 1, 2), "0.25"),
        number(("kernel", 1, 2), "\u22123"),
        number(("product", 0, 1, 2), "\u22120.75"),
    ]
    b = Bindings({}).product_of("product", "pixel", "kernel", b_index=lambda p, u, w: (u, w))
    assert relation_problems(b, items) == []
    items[2] = number(("product", 0, 1, 2), "\u22120.74")
    (problem,) = relation_problems(b, items)
    assert "product[0, 1, 2] reads \u22120.74" in problem
    # an operand not on screen: nothing a reader could check
    assert relation_problems(b, items[1:]) == []
    diff = [number(("a", 3), "1.25"), number(("b", 3), "0.50"), number(("d", 3), "0.75")]
    assert relation_problems(Bindings({}).difference_of("d", "a", "b"), diff) == []
    diff[2] = number(("d", 3), "0.80")
    assert len(relation_problems(Bindings({}).difference_of("d", "a", "b"), diff)) == 1


def test_mean_of_divides_by_what_is_drawn():
    items = [number(("score", 0, m), t) for m, t in enumerate(["0.10", "0.20", "0.40"])]
    b = Bindings({}).mean_of("mean", "score")
    assert relation_problems(b, items + [number(("mean", 0), "0.23")]) == []
    assert len(relation_problems(b, items + [number(("mean", 0), "0.24")])) == 1
    assert relation_problems(b, items + [number(("mean", 0), "\u2248 0.24")]) == []


def test_weighted_sum_of_recomputes_a_unit_from_its_drawn_weights_and_inputs():
    items = [
        number(("weight", 0), "\u22121"),
        number(("weight", 1), "0.50"),
        number(("pixel", 2, 0, 0), "0.33"),
        number(("pixel", 2, 1, 0), "0.25"),
        number(("bias",), "0.10"),
    ]
    b = Bindings({}).weighted_sum_of("output", "weight", "pixel", plus="bias")
    # −0.33 + 0.125 + 0.10 = −0.105: a tie, −0.10 or −0.11
    assert relation_problems(b, items + [number(("output", 2), "\u22120.105")]) == []
    assert relation_problems(b, items + [number(("output", 2), "\u22120.11")]) == []
    (problem,) = relation_problems(b, items + [number(("output", 2), "\u22120.12")])
    assert "output[2] reads \u22120.12" in problem
    # an input drawn without its weight: not checkable
    assert relation_problems(b, items[1:] + [number(("output", 2), "\u22120.12")]) == []


# ---- captions agree with the screen (issue 17, item 9) -------------------------------------------------------


def test_caption_tokens():
    from scenes.checks.captions import tokens

    def names(caption):
        return [(t.kind, t.text.strip()) for t in tokens(caption)]

    assert names("The products wᵢxᵢ of the digit's 784 inputs.") == [
        ("number", "784"),
        ("symbol", "w_i"),
        ("symbol", "x_i"),
        ("object", "products"),
    ]
    assert names("x₁ and x₂₃ feed fig1b's 9 weights; a 26×26 map, 784×1×1.") == [
        ("shape", "26×26"),
        ("shape", "784×1×1"),
        ("number", "9"),
        ("symbol", "x_1"),
        ("symbol", "x_(23)"),
        ("object", "weights"),
    ]
    assert names("pixel (i, j) goes to c = 28(i − 1) + j; v_c meets k_c.") == [
        ("number", "28"),
        ("number", "1"),
        ("symbol", "i"),
        ("symbol", "j"),
        ("symbol", "c"),
        ("symbol", "v_c"),
        ("symbol", "k_c"),
    ]


def text(kind, content, box=(0.0, 0.0, 1.0, 0.3), role=None) -> Item:
    return Item(kind, box, role, text=content, cap_height=0.2)


def test_a_caption_is_checked_against_the_drawn_texts():
    from types import SimpleNamespace

    from scenes.checks.captions import check_captions, screen_of

    drawn = [
        text("math", "y = sum_(i=1)^784 w_i x_i + b"),
        text("shape-label", "64×14×14"),
        text("label", "bias b"),
        text("math", "K_(f, c) = W_(f, c)"),
        text("math", "x", (2.0, 0.0, 2.2, 0.3)),  # Subscripted: a letter and its drawn index
        text("number", "1", (2.22, -0.1, 2.3, 0.1), role=("input-index", 0)),
        text("number", "\u22120.25", role=("bias",)),
    ]
    screen = screen_of(drawn)
    assert {784.0, 1.0, 64.0, 14.0, -0.25} <= screen.numbers
    assert {("w", "i"), ("x", "i"), ("K", "fc"), ("x", "1")} <= screen.symbols
    assert {"f", "c", "b", "Σ"} <= screen.letters

    def problems(caption, allowed=None):
        step = SimpleNamespace(name="s", caption=caption)
        scene = SimpleNamespace(steps=[step], frames={"s": drawn})
        bindings = SimpleNamespace(caption_allowed=allowed or {})
        return check_captions(scene, bindings)

    ok = "Its 784 inputs x₁ … with weights wᵢ, 14×14 maps, row f of W, Σ, plus its bias b."
    assert problems(ok) == []
    assert problems("The 9 weights x₂ of a 26×26 map; r, g and the products.") == [
        "step s: the caption names shape '26×26', not on screen",
        "step s: the caption names number '9', not on screen",
        "step s: the caption names symbol 'x_2', not on screen",
        "step s: the caption names symbol 'r', not on screen",
        "step s: the caption names symbol 'g', not on screen",
        "step s: the caption names object 'products', not on screen",
    ]
    assert problems("its r and g", {"s": {"r", "g"}}) == []
    assert problems("its r and g", {None: {"r"}}) == ["step s: the caption names symbol 'g', not on screen"]


def test_quotient_of_divides_the_drawn_number_by_a_drawn_whole_number():
    b = Bindings({}).quotient_of("logit", "score", 196)
    items = [number(("score", 3), "\u22121078.7")]
    assert relation_problems(b, items + [number(("logit", 3), "\u22125.504")]) == []  # −5.50357…
    (problem,) = relation_problems(b, items + [number(("logit", 3), "\u22125.503")])
    assert "the drawn \u22121078.7 / 196 is \u22125.503571429, which rounds to \u22125.504" in problem
    assert relation_problems(b, items + [number(("logit", 3), "\u2248 \u22125.503")]) == []


@pytest.mark.parametrize("value, text", [(69632, "69,632"), (614656, "614,656"), (784, "784"), (-1200, "\u22121,200")])
def test_a_count_is_drawn_with_thousands_separators_and_read_back(value, text):
    from scenes.mobjects.text import format_count

    assert format_count(value) == text
    assert parse_number(text) == value and value_of(text) == Decimal(value) and ulp(text) == 1


def test_a_caption_names_a_count_with_separators_as_one_number():
    from scenes.checks.captions import tokens

    found = [t.key[0] for t in tokens("Both ways do 614,656 multiply-adds: 784 filters, 1, 2 or 3 at a time.")]
    assert found == [614656.0, 784.0, 1.0, 2.0, 3.0]
