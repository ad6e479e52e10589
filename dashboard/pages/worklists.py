"""Worklists: alerts since a chosen day, renewals at risk, collections, advocates and expansion
candidates, each sortable (click a column) and downloadable as CSV."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import marts
import ui

st.title("Worklists")
try:
    marts.require_scores()
    as_of = marts.portfolio_summary("", []).iloc[0]["as_of_date"]
except marts.MissingData as exc:
    ui.show_missing(exc)
    st.stop()

for tab, (label, mart) in zip(st.tabs(list(marts.WORKLISTS)), marts.WORKLISTS.items(), strict=True):
    with tab:
        since = None
        if mart == "fct_health_alerts":
            since = st.date_input("Alerts since", value=as_of - dt.timedelta(days=7), key="alerts_since")
        try:
            rows = marts.worklist(mart, since)
            shown = marts.worklist(mart, since, columns="shown")
        except marts.MissingData as exc:
            ui.show_missing(exc)
            continue
        st.caption(f"{len(rows):,} rows from {mart}; the CSV has every column")
        if rows.empty:
            st.write(f"Nothing on the {label.lower()} list.")
            continue
        dates = {c: st.column_config.DateColumn(c) for c in shown.columns if c.endswith("_date")}
        st.dataframe(shown, hide_index=True, width="stretch", column_config=dates)
        st.download_button(
            f"Download {label.lower()} as CSV",
            rows.to_csv(index=False).encode(),
            file_name=f"{mart}_{as_of:%Y-%m-%d}.csv",
            mime="text/csv",
            key=f"download_{mart}",
        )
