"""Captions agree with the screen (issue 17, item 9): what a step's caption names is drawn at that step's end.

From each caption we take what a reader would look for on screen:

* **numbers and counts**: "784", "9 weights", "channel 1" (not the digits of a figure's name, "fig1b");
* **shapes**: "26×26", "784×1×1";
* **objects** the figure draws as numbers: "bias", "weight(s)", "product(s)" (``OBJECTS``);
* **symbols**: single letters standing alone ("b", "x", "W", "Σ"), with their subscripts, written in a caption
  with Unicode sub/superscripts ("wᵢ", "x₁", "wᵢxᵢ") or with an underscore ("v_c", "k_c v_c"). The English
  words "a", "A" and "I" are not symbols.

and look for each in the texts drawn at the step's end (the records of ``scenes.checks.inspect``):

* a number is on screen when a drawn Num reads it, a shape label has it as a dimension, or a formula or a
  label (the title too) has it as a number of its own;
* a shape when a drawn shape label, label or formula holds those dimensions in a row ("14×14" is in
  "64×14×14");
* a bare symbol when a formula or label has that letter standing alone (as a symbol, a subscript, or a word
  of one letter: "bias b");
* an object when a number, grid or mark with one of its roles is drawn: "bias" needs a drawn Num with role
  "bias" (a formula's "+ b" says a bias is added, not which: fig1b's neuron adds *its* bias); "weights" may
  also be a formula's w, W, k or K;
* a subscripted symbol when a formula has it with the same subscript ("w_i", "k_(f c)" for "k_fc"), or a
  formula letter is drawn with a number as its subscript just after it (``Subscripted``: "x" and a small "1").

Words a caption uses that are not drawn objects in a figure (its r, g, b when the screen says R, G, B) are
declared in that figure's bindings: ``b.caption_words("r", "g", step="pixel-1")``; they are then not looked
for. ``check_captions(scene, bindings)`` lists every caption token not on screen, one line each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scenes.checks.inspect import Item

SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", "0123456789aeoxhklmnpstijruv"))
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹ⁿⁱ", "0123456789ni"))
NOT_SYMBOLS = {"a", "A", "I"}  # English words of one letter
LETTER = r"A-Za-zΑ-Ωα-ω"
FIGURE_NAME = re.compile(r"\bfig\d+[a-z]?\b")
SHAPE = re.compile(r"(?<![\w.×])(\d+(?:\s*×\s*\d+)+)(?![\w×])")
NUMBER = re.compile(r"(?<![\w.×^_,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w×]|,\d{3}(?!\d))")  # 784, 0.5, 69,632
SYMBOL = re.compile(rf"(?<![{LETTER}_\\'’])([{LETTER}])(?:_(\([^)]*\)|[{LETTER}0-9]+))?(?![{LETTER}])")
# Typst: names of two or more letters are functions or symbols spelled out (sum, dots.v, thick); sum is Σ
TYPST_SPELLED = {"sum": "Σ", "Sigma": "Σ", "sigma": "σ"}
# words naming drawn objects: (role names that draw it, letters that name it in a formula)
OBJECTS = {
    "bias": (("bias",), ()),
    "weight": (("weight", "kernel", "filters"), ("w", "W", "k", "K")),
    "product": (("product",), ()),
}
OBJECT_WORD = re.compile(r"\b(" + "|".join(OBJECTS) + r")s?\b", re.IGNORECASE)
SUBSCRIPT_GAP = 0.3  # scene units: a drawn index this close after a formula letter is its subscript


@dataclass(frozen=True)
class Token:
    """One thing a caption names: kind 'number' (value), 'shape' (dims), 'object' (a key of OBJECTS) or 'symbol'
    (base, subscript or '')."""

    kind: str
    key: tuple
    text: str  # as written in the caption

    def __str__(self) -> str:
        return self.text


@dataclass
class Screen:
    """What the texts on screen at one step's end offer a reader."""

    numbers: set = field(default_factory=set)  # float values
    shapes: list = field(default_factory=list)  # tuples of dims
    letters: set = field(default_factory=set)  # every letter standing alone, anywhere
    symbols: set = field(default_factory=set)  # (base, subscript) pairs
    roles: set = field(default_factory=set)  # the role names of everything drawn

    def has(self, token: Token) -> bool:
        if token.kind == "number":
            return token.key[0] in self.numbers
        if token.kind == "shape":
            dims, n = token.key, len(token.key)
            return any(shape[k : k + n] == dims for shape in self.shapes for k in range(len(shape) - n + 1))
        if token.kind == "object":
            roles, letters = OBJECTS[token.key[0]]
            return bool(self.roles & set(roles)) or bool(self.letters & set(letters))
        base, sub = token.key
        return base in self.letters if not sub else (base, sub) in self.symbols


def normalize(text: str) -> str:
    """A caption with Unicode scripts spelled as Typst does: 'wᵢxᵢ' -> 'w_i x_i ', 'x₁₂' -> 'x_(12) ',
    'x²' -> 'x^2 '."""

    def spell(run: str, mark: str, table: dict) -> str:
        inner = "".join(table[ch] for ch in run)
        return f"{mark}{inner} " if len(inner) == 1 else f"{mark}({inner}) "

    text = re.sub(f"[{''.join(SUBSCRIPTS)}]+", lambda m: spell(m.group(0), "_", SUBSCRIPTS), text)
    return re.sub(f"[{''.join(SUPERSCRIPTS)}]+", lambda m: spell(m.group(0), "^", SUPERSCRIPTS), text)


def _sub(text: str | None) -> str:
    """A subscript's identity: 'i', '(f c)', '(f, c)' and 'fc' are all 'fc'."""
    return re.sub(r"[\s,()]", "", text or "")


def tokens(caption: str) -> list[Token]:
    """The numbers, shapes and symbols a caption names, in order, each once."""
    text = FIGURE_NAME.sub(" ", normalize(caption))
    found: list[Token] = []
    for m in SHAPE.finditer(text):
        dims = tuple(int(d) for d in re.split(r"\s*×\s*", m.group(1)))
        found.append(Token("shape", dims, m.group(1)))
    rest = SHAPE.sub(" ", text)
    for m in NUMBER.finditer(re.sub(r"[_^](\([^)]*\)|\w+)", " ", rest)):  # not a subscript's digits
        found.append(Token("number", (float(m.group(1).replace(",", "")),), m.group(1)))
    for m in SYMBOL.finditer(rest):
        base, sub = m.group(1), _sub(m.group(2))
        if base in NOT_SYMBOLS and not sub:
            continue
        found.append(Token("symbol", (base, sub), m.group(0)))
    for m in OBJECT_WORD.finditer(rest):
        found.append(Token("object", (m.group(1).lower(),), m.group(0)))
    unique: dict = {}
    for t in found:
        unique.setdefault((t.kind, t.key), t)
    return list(unique.values())


def screen_of(items: list[Item]) -> Screen:
    """What the texts among ``items`` show (numbers, shapes, letters, symbols)."""
    from scenes.mobjects.text import parse_number

    s = Screen()
    s.roles = {i.role[0] for i in items if i.role}
    texts = [i for i in items if i.text is not None and i.kind in ("number", "label", "shape-label", "math")]
    for i in texts:
        if i.kind == "number":
            try:
                s.numbers.add(parse_number(i.text))
            except ValueError:
                pass
        elif i.kind == "shape-label":
            dims = tuple(int(d) for d in re.findall(r"\d+", i.text))
            s.shapes.append(dims)
            s.numbers.update(float(d) for d in dims)
        else:
            _read_text(i.text, i.kind == "math", s)
    for letter in [i for i in texts if i.kind == "math"]:  # a formula letter with a drawn index (Subscripted)
        for index in [i for i in texts if i.kind == "number"]:
            if _is_subscript(letter, index):
                base = letter.text.strip()
                s.symbols.add((TYPST_SPELLED.get(base, base), _sub(index.text)))
    return s


def _read_text(text: str, is_math: bool, s: Screen) -> None:
    if is_math:
        for word, symbol in TYPST_SPELLED.items():
            text = re.sub(rf"(?<![{LETTER}.]){word}(?![{LETTER}])", symbol, text)
        text = re.sub(rf"[{LETTER}]{{2,}}(\.[{LETTER}]+)*", " ", text)  # thick, dots.v, inline(…)
        text = text.replace(r"\/", "/")
    for m in SHAPE.finditer(text):
        s.shapes.append(tuple(int(d) for d in re.split(r"\s*×\s*", m.group(1))))
    rest = SHAPE.sub(" ", text)
    s.numbers.update(float(m.group(1).replace(",", "")) for m in NUMBER.finditer(rest.replace("\u2212", "-")))
    for m in SYMBOL.finditer(rest):
        base, sub = m.group(1), _sub(m.group(2))
        s.symbols.add((base, sub))
        s.letters.add(base)
        s.letters.update(re.findall(rf"[{LETTER}]", sub))  # a subscript's letters stand alone too: K_(f, c)
    if is_math:
        s.numbers.update(float(n) for n in re.findall(r"\d+", text))  # sum_(i=1)^784, (14 dot.c 14)


def _is_subscript(letter: Item, index: Item) -> bool:
    """Whether the drawn number ``index`` sits as the subscript of the one-letter formula ``letter``."""
    if not re.fullmatch(rf"\s*[{LETTER}]\s*", letter.text or ""):
        return False
    gap = index.bbox[0] - letter.bbox[2]
    lower = index.center[1] < letter.center[1]
    overlaps_vertically = index.bbox[3] > letter.bbox[1] and index.bbox[1] < letter.bbox[3]
    return -0.02 <= gap <= SUBSCRIPT_GAP and lower and overlaps_vertically


def check_captions(scene, bindings=None) -> list[str]:
    """Every number, shape or symbol a step's caption names that is not on screen at the step's end."""
    allowed = getattr(bindings, "caption_allowed", {}) if bindings is not None else {}
    problems = []
    for step in scene.steps:
        items = scene.frames.get(step.name)
        if items is None:
            continue
        screen = screen_of(items)
        words = {normalize(w).strip() for w in allowed.get(None, set()) | allowed.get(step.name, set())}
        missing = [t for t in tokens(step.caption) if t.text.strip() not in words and not screen.has(t)]
        for t in missing:
            problems.append(f"step {step.name}: the caption names {t.kind} {t.text.strip()!r}, not on screen")
    return problems


__all__ = ["Screen", "Token", "check_captions", "normalize", "screen_of", "tokens"]
