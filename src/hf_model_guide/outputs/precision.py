"""Compare outputs at the precision a reader sees, not at the last bit a processor computed.

Two machines (or two runners of one workflow) give the same model the same inputs and print
numbers that differ in the last bits: PyTorch and MKL pick kernels by processor and thread
count, and a sum taken in another order rounds differently. A printed ``0.98715`` may become
``0.98714999`` on another machine and show as ``0.9871`` instead of ``0.9872``. That is not a
change a reader should be told about; a value that moved by more than its shown precision is.

Two comparisons, by what is known:

- ``same_value``: a quoted value whose exact number the build kept (``Evaluated.exact``). The
  texts differ only by noise when every number moved by less than half a unit of the last
  digit shown (``.4f``: 0.00005), however the rounding fell.
- ``same_text``: printed text, whose exact numbers are gone. The texts differ only by noise
  when they are the same but for decimal numbers, each with the same digits shown and at
  most one unit apart in the last of them. Integers (token ids, counts, shapes) must match.
- ``same_within``: a value no page shows, computed for the 2023 article's agreement check
  (``pages.agreement``): its numbers, printed unformatted to the last bit, within the check's
  own tolerance.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

# A decimal number as Python, NumPy and PyTorch print them: 0.9871, -1.5607e+00, 1.2e-05.
DECIMAL = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)(?![\w.])")
_SPEC = re.compile(r"\.(?P<precision>\d+)(?P<type>[eEfFgG%])?$")


def last_digit_unit(number: str) -> float:
    """The value of one unit in the last digit of a printed decimal: ``0.9871`` -> 1e-4,
    ``-1.5607e+00`` -> 1e-4, ``3e-05`` -> 1e-05."""
    mantissa, _, exponent = number.lower().partition("e")
    decimals = len(mantissa.split(".", 1)[1]) if "." in mantissa else 0
    return 10.0 ** (int(exponent or 0) - decimals)


def same_text(old: str, new: str) -> bool:
    """Whether two printed texts show the same thing up to machine noise (see above)."""
    if old == new:
        return True
    old_numbers, new_numbers = DECIMAL.findall(old), DECIMAL.findall(new)
    if DECIMAL.split(old) != DECIMAL.split(new) or len(old_numbers) != len(new_numbers):
        return False
    for a, b in zip(old_numbers, new_numbers, strict=True):
        unit = last_digit_unit(a)
        if last_digit_unit(b) != unit or abs(float(a) - float(b)) > unit * 1.000001:
            return False
    return True


def shown_units(spec: str, text: str, count: int) -> list[float] | None:
    """One unit of the last digit shown, for each of a value's ``count`` numbers: from the
    format spec (``.4f`` -> 1e-4, ``.2%`` -> 1e-4 of the value), else from the digits of the
    text itself (``str(value)``); None when the text does not show them one by one."""
    match = _SPEC.search(spec)
    if match and match["type"] in (None, "f", "F"):
        return [10.0 ** -int(match["precision"])] * count
    if match and match["type"] == "%":
        return [10.0 ** -(int(match["precision"]) + 2)] * count
    numbers = DECIMAL.findall(text)
    if len(numbers) != count:
        return None
    return [last_digit_unit(number) for number in numbers]


def _numbers(value: Any) -> Iterator[float] | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return iter([float(value)])
    if isinstance(value, list | tuple):
        parts = [_numbers(item) for item in value]
        if any(part is None for part in parts):
            return None
        return (number for part in parts if part is not None for number in part)
    return None


def exact_numbers(exact: str | None) -> list[float] | None:
    """The numbers of an ``Evaluated.exact`` (a Python literal: a float or a nested list)."""
    if exact is None:
        return None
    try:
        numbers = _numbers(ast.literal_eval(exact))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return None if numbers is None else list(numbers)


def same_value(
    old_text: str | None,
    new_text: str | None,
    spec: str,
    old_exact: str | None,
    new_exact: str | None,
) -> bool:
    """Whether a quoted value shows the same thing up to machine noise: the same text, or
    exact numbers that moved by less than half a unit of the shown precision (without them,
    as ``same_text``)."""
    if old_text == new_text:
        return True
    if old_text is None or new_text is None:
        return False
    before, after = exact_numbers(old_exact), exact_numbers(new_exact)
    if before is None or after is None or len(before) != len(after):
        return same_text(old_text, new_text)  # the printed digits are all there is
    units = shown_units(spec, new_text, len(after))
    if units is None:
        return same_text(old_text, new_text)
    return all(
        math.isfinite(a) and math.isfinite(b) and abs(a - b) < unit / 2
        for a, b, unit in zip(before, after, units, strict=True)
    )


def differences(expected: Any, actual: Any, tolerance: float, where: str = "") -> Iterator[str]:
    """Each place where ``actual`` is not ``expected``: ``where: expected X, got Y``."""
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        for key in expected:
            yield from differences(expected[key], actual.get(key), tolerance, f"{where}[{key!r}]")
    elif isinstance(expected, list) and isinstance(actual, list | tuple):
        if len(expected) != len(actual):
            yield f"{where or 'value'}: {len(expected)} items in the article, {len(actual)} here"
            return
        for index, (e, a) in enumerate(zip(expected, actual, strict=True)):
            yield from differences(e, a, tolerance, f"{where}[{index}]")
    elif isinstance(expected, float) and isinstance(actual, int | float):
        if not math.isclose(expected, actual, rel_tol=0, abs_tol=tolerance):
            yield f"{where or 'value'}: article {expected!r}, this build {actual!r}"
    elif expected != actual:
        yield f"{where or 'value'}: article {expected!r}, this build {actual!r}"


def same_within(old_text: str, new_text: str, tolerance: float) -> bool:
    """Whether two values (Python literals) agree as the agreement check compares them:
    ids, labels and shapes exactly, floats within ``tolerance``."""
    try:
        before, after = ast.literal_eval(old_text), ast.literal_eval(new_text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return old_text == new_text
    return not any(differences(before, after, tolerance))
