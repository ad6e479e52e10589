"""Shared page pieces: the missing-data message, the tier colour scale, the sidebar filters."""

from __future__ import annotations

import altair as alt
import streamlit as st

import marts


def show_missing(exc: marts.MissingData) -> None:
    """A plain message that says what to run, in place of the page's content."""
    st.info(str(exc))


def tier_scale() -> alt.Scale:
    """Tier colours from the bands seed, healthiest first."""
    bands = marts.bands()
    return alt.Scale(domain=bands["tier"].tolist(), range=bands["color_hex"].tolist())


def tier_order() -> list[str]:
    return marts.bands()["tier"].tolist()


def sidebar_filters() -> tuple[str, list]:
    """Segment, CSM and region pickers; returns the `and ...` clause and its parameters."""
    options = marts.filter_options()
    st.sidebar.header("Filters")
    segments = st.sidebar.multiselect("Segment", options["segment"])
    csms = st.sidebar.multiselect("CSM", options["csm_email"])
    regions = st.sidebar.multiselect("Region", options["region"])
    return marts.filter_clause(segments, csms, regions)


def money(value) -> str:
    """$1,234 below ten thousand; $12.3K, $4.56M above."""
    if value is None or value != value:
        return "n/a"
    value = float(value)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e4, "K")):
        if abs(value) >= size:
            scaled = value / (size if suffix != "K" else 1e3)
            return f"${scaled:,.{2 if abs(scaled) < 10 else 1}f}{suffix}"
    return f"${value:,.0f}"
