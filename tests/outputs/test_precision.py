"""Acceptance (issue 23): outputs are compared at the precision a reader sees. Two builds whose
logits differ by 1e-6 (another processor, another runner) are the same to `outputs diff`, even
where the rounding of a shown digit falls differently; a change in a shown digit is reported.
(Issue 31: on manifests as builds write them; whole builds are compared in tests/machines.)"""

from __future__ import annotations

import pytest

from hf_model_guide.outputs.diff import NOTHING, compare
from hf_model_guide.outputs.precision import last_digit_unit, same_text, same_value

KEY = "logits[0, 1].item() | .4f"  # the value a page glues


# A logit just below a rounding boundary of its four shown decimals (1.61235): 1e-6 more and
# the page shows 1.6124 instead of 1.6123. The manifests two builds write, as far as diff reads
# them (each build keeps the exact number beside the shown text: tests/outputs/test_manifest.py;
# the whole site built with perturbed weights is compared in tests/machines).
def manifest(second: str) -> dict:
    shown = f"{float(second):.4f}"
    return {
        "manifest": 1,
        "environment": {},
        "pages": {"docs/index.md": {"snippets": ["snippets/logits.py"], "values": []}},
        "snippets": {
            "snippets/logits.py": {
                "ok": True,
                "stdout": f"tensor([[-1.5607,  {shown}]])\n",
                "printed_from": [[1, 0]],
                "values": {KEY: shown},
                "exact": {KEY: second},
            }
        },
    }


def test_builds_one_millionth_apart_are_the_same_to_outputs_diff():
    first, noisy = manifest("1.6123495"), manifest("1.6123505")
    # The pages do show different digits: the rounding fell on either side of 1.61235.
    shown = [m["snippets"]["snippets/logits.py"]["values"][KEY] for m in (first, noisy)]
    assert shown == ["1.6123", "1.6124"]
    report = compare(first, noisy)
    assert not report.changed and NOTHING in report.text


def test_a_change_in_a_shown_digit_is_reported():
    report = compare(manifest("1.6123495"), manifest("1.6133"))
    assert report.changed
    assert "`logits[0, 1].item() \\| .4f` | `1.6123` | `1.6133` |" in report.text
    assert "Printed output (at `snippets/logits.py:1`)" in report.text


def test_the_last_digits_unit():
    assert last_digit_unit("0.9871") == pytest.approx(1e-4)
    assert last_digit_unit("-1.5607e+00") == pytest.approx(1e-4)
    assert last_digit_unit("3e-05") == pytest.approx(1e-5)


def test_printed_text_tolerates_one_unit_in_the_last_decimal_and_nothing_else():
    assert same_text("tensor([[-1.5607,  1.6123]])", "tensor([[-1.5607,  1.6124]])")
    assert not same_text("tensor([[-1.5607,  1.6123]])", "tensor([[-1.5607,  1.6125]])")
    assert not same_text("P = 0.99", "P = 0.990")  # other digits shown: a visible change
    assert not same_text("ids [101, 1045]", "ids [101, 1046]")  # integers exactly
    assert not same_text("POSITIVE 0.9871", "NEGATIVE 0.9871")
    assert same_text("1.2346e-05", "1.2347e-05")


def test_a_value_with_its_exact_number_tolerates_half_a_shown_unit_whatever_the_rounding():
    # 1.61234995 and 1.61235005 show as 1.6123 and 1.6124: 1e-7 apart, the same value.
    assert same_value("1.6123", "1.6124", ".4f", "1.61234995", "1.61235005")
    # Both show 1.6124 after 1.6123: a real move of 6e-5, more than half a unit.
    assert not same_value("1.6123", "1.6124", ".4f", "1.61232", "1.61238")
    assert same_value("99.89%", "99.90%", ".2%", "0.9989499", "0.9989501")
    assert not same_value("99.89%", "99.91%", ".2%", "0.9989", "0.9991")
    # Lists compare number by number, each at the digits its text shows.
    assert same_value("[0.1, 0.9]", "[0.1, 0.9]", "", "[0.1, 0.9]", "[0.1, 0.9]")
    assert same_value("[1.5, 2.25]", "[1.5, 2.26]", "", "[1.5, 2.25499]", "[1.5, 2.25501]")
    assert not same_value("[1.5, 2.25]", "[1.5, 2.27]", "", "[1.5, 2.25]", "[1.5, 2.27]")
    assert not same_value("[1.0]", "[1.0, 2.0]", "", "[1.0]", "[1.0, 2.0]")
    # Without the exact numbers (an older manifest), one unit in the last digit is noise.
    assert same_value("1.6123", "1.6124", ".4f", None, None)
