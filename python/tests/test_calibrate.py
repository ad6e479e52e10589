"""The calibration maths that do not need a warehouse."""

from __future__ import annotations

import math

import numpy as np
import pytest

from customer_health_tools import calibrate as calibrate_module
from customer_health_tools.calibrate import (
    DIMENSIONS,
    apply_gates,
    negative_coefficient_shares,
    round_weights,
    weighted_score,
)


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


def test_measure_weights_come_from_negative_coefficients_only() -> None:
    rng = np.random.default_rng(7)
    churned = rng.integers(0, 2, 2000)
    protective = np.where(churned == 1, 30.0, 70.0) + rng.normal(0, 10, 2000)  # low score, churn
    noise = rng.uniform(0, 100, 2000)
    backwards = np.where(churned == 1, 70.0, 30.0) + rng.normal(0, 10, 2000)  # high score, churn
    scores = np.column_stack([protective, noise, backwards, np.full(2000, np.nan)])
    shares = negative_coefficient_shares(scores, churned, regularisation=1.0)
    assert shares[0] > 10 * max(shares[1], 1e-9)  # the predictive measure carries the weight
    assert shares[2] == 0  # a measure that says the opposite gets none
    assert shares[3] == 0  # a measure without data gets none


def test_gates_cap_scores_like_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    gates = [
        {"name": "g", "dimension": "financial", "measure": "max_days_past_due", "at_least": 60, "cap_tier": "unhealthy"}
    ]
    monkeypatch.setattr(calibrate_module, "_project_vars", lambda: {"health_score_gates": gates})
    bands = {"unhealthy": (0.0, 40.0), "at_risk": (40.0, 70.0), "healthy": (70.0, 100.0)}
    scores = np.array([90.0, 20.0, 90.0])
    capped = apply_gates(scores, {"gate_0_value": np.array([61.0, 61.0, np.nan])}, bands)
    assert capped.tolist() == [39.9, 20.0, 90.0]
