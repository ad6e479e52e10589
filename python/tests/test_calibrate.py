"""The calibration maths that do not need a warehouse."""

from __future__ import annotations

import math

import numpy as np
import pytest
from customer_health_tools.calibrate import DIMENSIONS, round_weights, weighted_score


def test_weights_round_to_three_decimals_and_sum_to_one() -> None:
    weights = round_weights(np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]))
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-12)
    assert weights["usage"] + weights["adoption"] + weights["support"] == pytest.approx(1.0)
    assert all(round(w, 3) == w for w in weights.values())
    assert weights["relationship"] == 0


def test_no_negative_coefficient_is_an_error() -> None:
    with pytest.raises(ValueError, match="no dimension"):
        round_weights(np.zeros(len(DIMENSIONS)))


def test_weighted_score_renormalises_over_dimensions_with_data() -> None:
    scores = np.array([[80.0, np.nan], [np.nan, np.nan], [20.0, 60.0]])
    result = weighted_score(scores, np.array([0.5, 0.5]))
    assert result[0] == 80.0 and math.isnan(result[1]) and result[2] == 40.0
