"""Account: one account's score, tier, coverage, history with the tier bands shaded, each dimension's
points and points lost, what moved it over 7/30/90 days, open alerts and its parent rollup."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import marts
import ui

st.title("Account")
try:
    marts.require_scores()
    bands = marts.bands()
    text = st.text_input("Search by account name or id", key="account_search")
    matches = marts.find_accounts(text or "")
except marts.MissingData as exc:
    ui.show_missing(exc)
    st.stop()

if matches.empty:
    st.info(f"No scored account matches '{text}'.")
    st.stop()

labels = {row.account_id: f"{row.account_name} ({row.account_id})" for row in matches.itertuples()}
chosen = st.selectbox("Account", list(labels), format_func=labels.get, key="account_id")
account = marts.account(chosen).iloc[0]

st.markdown(
    f"### {account['account_name']} "
    f"<span style='background:{account['health_color_hex']};padding:2px 10px;border-radius:4px'>"
    f"{account['health_tier']}</span>",
    unsafe_allow_html=True,
)
cols = st.columns(4)
cols[0].metric(
    "Health score",
    f"{account['health_score']:.1f}",
    None if pd.isna(account["health_score_change_30d"]) else f"{account['health_score_change_30d']:+.1f} in 30 days",
)
cols[1].metric("Coverage", f"{account['coverage_ratio']:.0%}", "low" if account["is_low_coverage"] else None)
probability = account["churn_probability"]
cols[2].metric(
    f"Churn in {account['churn_horizon_days']} days", "n/a" if pd.isna(probability) else f"{probability:.1%}"
)
cols[3].metric("ARR", ui.money(account["arr_usd"]))
renewal = "n/a" if pd.isna(account["renewal_date"]) else f"{account['renewal_date']:%Y-%m-%d}"
st.caption(
    f"Renewal {renewal} · CSM {account['csm_email'] or 'n/a'} · segment {account['segment']} · "
    f"region {account['region'] or 'n/a'} · top risk driver {account['top_risk_driver'] or 'none'} · "
    f"{account['days_in_current_tier']} days in this tier"
    + (f" · capped by gate {account['gate_fired']}" if account["gate_fired"] else "")
)

st.subheader("Score history")
history = marts.account_history(chosen)
shading = (
    alt.Chart(bands)
    .mark_rect(opacity=0.15)
    .encode(
        y=alt.Y("min_score:Q", scale=alt.Scale(domain=[0, 100]), title="Health score"),
        y2="max_score:Q",
        color=alt.Color("tier:N", scale=alt.Scale(domain=bands["tier"].tolist(), range=bands["color_hex"].tolist())),
    )
)
line = alt.Chart(history).mark_line(color="#1f2937").encode(x=alt.X("date_day:T", title=None), y="health_score:Q")
st.altair_chart(shading + line, width="stretch")

st.subheader("Dimensions")
dimensions = marts.account_dimensions(chosen)
st.dataframe(
    dimensions,
    hide_index=True,
    width="stretch",
    column_config={
        "score": st.column_config.ProgressColumn("score", min_value=0, max_value=100, format="%.1f"),
        "points": st.column_config.NumberColumn("points", format="%.2f"),
        "max_points": st.column_config.NumberColumn("could give", format="%.2f"),
        "points_lost": st.column_config.NumberColumn("points lost", format="%.2f"),
        "points_change_7d": st.column_config.NumberColumn("7 days", format="%+.2f"),
        "points_change_30d": st.column_config.NumberColumn("30 days", format="%+.2f"),
        "points_change_90d": st.column_config.NumberColumn("90 days", format="%+.2f"),
    },
)
moved = dimensions.dropna(subset=["points_change_30d"])
if not moved.empty:
    st.caption("What moved the score in 30 days: points gained or lost per dimension")
    st.altair_chart(
        alt.Chart(moved)
        .mark_bar()
        .encode(
            y=alt.Y("dimension:N", sort=marts.DIMENSIONS, title=None),
            x=alt.X("points_change_30d:Q", title="Points, 30 days"),
            color=alt.condition("datum.points_change_30d < 0", alt.value("#D64545"), alt.value("#27AE60")),
        ),
        width="stretch",
    )

st.subheader("The measures behind the score")
measures = marts.account_measures(chosen)
if measures.empty:
    st.write("No measure explanation for this account (run `make build` to publish fct_account_health_explain).")
else:
    st.dataframe(
        measures,
        hide_index=True,
        width="stretch",
        column_config={
            "value": st.column_config.NumberColumn("value", format="%.2f"),
            "score": st.column_config.ProgressColumn("score", min_value=0, max_value=100, format="%.0f"),
            "points": st.column_config.NumberColumn("points", format="%.2f"),
            "points_change_7d": st.column_config.NumberColumn("7 days", format="%+.2f"),
            "points_change_30d": st.column_config.NumberColumn("30 days", format="%+.2f"),
            "points_change_90d": st.column_config.NumberColumn("90 days", format="%+.2f"),
        },
    )

st.subheader("Score changes, last 90 days")
changes = marts.account_changes(chosen)
if changes.empty:
    st.write("No tier change and no day-to-day move above the threshold in the last 90 days.")
else:
    st.dataframe(changes, hide_index=True, width="stretch")

left, right = st.columns(2)
left.subheader("Alerts, last 90 days")
alerts = marts.account_alerts(chosen)
if alerts.empty:
    left.write("No alert in the last 90 days.")
else:
    left.dataframe(alerts, hide_index=True, width="stretch")
right.subheader("Parent rollup")
rollup = marts.parent_rollup(chosen, account["parent_account_id"])
if rollup.empty:
    right.write("Not part of an account hierarchy.")
else:
    right.dataframe(rollup, hide_index=True, width="stretch")
