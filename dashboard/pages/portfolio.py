"""Portfolio: accounts and ARR per tier today and over 12 months, the score distribution, ARR at
risk and the week's tier changes, filtered by segment, CSM and region."""

from __future__ import annotations

import altair as alt
import streamlit as st

import marts
import ui

st.title("Portfolio")
try:
    marts.require_scores()
    where, params = ui.sidebar_filters()
    summary = marts.portfolio_summary(where, params).iloc[0]
    scale, order = ui.tier_scale(), ui.tier_order()
except marts.MissingData as exc:
    ui.show_missing(exc)
    st.stop()

if summary["accounts"] == 0:
    st.info("No account matches these filters.")
    st.stop()

st.caption(f"Scores as of {summary['as_of_date']:%Y-%m-%d}")
cols = st.columns(5)
cols[0].metric("Accounts", f"{summary['accounts']:,}")
cols[1].metric("ARR", ui.money(summary["arr_usd"]))
cols[2].metric("Mean health score", f"{summary['mean_health_score']:.1f}")
cols[3].metric(
    f"ARR at risk ({summary['churn_horizon_days']} days)",
    ui.money(summary["arr_at_risk_usd"]),
    help="Sum over accounts of ARR x churn probability within the horizon.",
)
cols[4].metric("Low-coverage scores", f"{summary['low_coverage_accounts']:,}")

today = marts.tiers_today(where, params)
left, right = st.columns(2)
for column, measure, title in ((left, "accounts", "Accounts per tier"), (right, "arr_usd", "ARR per tier")):
    column.subheader(title)
    column.altair_chart(
        alt.Chart(today)
        .mark_bar()
        .encode(
            x=alt.X("health_tier:N", sort=order, title=None),
            y=alt.Y(f"{measure}:Q", title=None),
            color=alt.Color("health_tier:N", scale=scale, legend=None),
            tooltip=["health_tier", "accounts", alt.Tooltip("arr_usd:Q", format="$,.0f")],
        ),
        width="stretch",
    )

st.subheader("The last 12 months")
months = marts.tiers_by_month(where, params)
left, right = st.columns(2)
for column, measure, title in ((left, "accounts", "Accounts"), (right, "arr_usd", "ARR (USD)")):
    column.altair_chart(
        alt.Chart(months)
        .mark_bar()
        .encode(
            x=alt.X("yearmonthdate(date_day):O", title=None),
            y=alt.Y(f"sum({measure}):Q", title=title),
            color=alt.Color("health_tier:N", scale=scale, sort=order, title="Tier"),
            order=alt.Order("health_tier_rank:Q", sort="descending"),
            tooltip=["date_day:T", "health_tier", "accounts", alt.Tooltip("arr_usd:Q", format="$,.0f")],
        ),
        width="stretch",
    )

st.subheader("Score distribution")
st.altair_chart(
    alt.Chart(marts.score_distribution(where, params))
    .mark_bar()
    .encode(
        x=alt.X("score_bucket:Q", bin=alt.Bin(step=5, extent=[0, 100]), title="Health score"),
        y=alt.Y("sum(accounts):Q", title="Accounts"),
        color=alt.Color("health_tier:N", scale=scale, sort=order, title="Tier"),
    ),
    width="stretch",
)

st.subheader("Tier changes this week")
changes = marts.tier_changes(7, where, params)
if changes.empty:
    st.write("No account changed tier in the last 7 days.")
else:
    st.dataframe(changes, hide_index=True, width="stretch")
