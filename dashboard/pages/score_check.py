"""Does the score work: the backtest's AUC over its cutoffs, churn rate per tier and per score decile
against the predicted probability, and the worst decile's lift."""

from __future__ import annotations

import altair as alt
import streamlit as st

import marts
import ui

st.title("Does the score work")
try:
    overall = marts.backtest("overall")
    scale, order = ui.tier_scale(), ui.tier_order()
except marts.MissingData as exc:
    ui.show_missing(exc)
    st.stop()

horizon, population = overall["horizon_days"].iloc[-1], overall["backtest_population"].iloc[-1]
st.caption(
    f"Each cutoff scores the accounts as of that day and checks who churned in the next {horizon} days "
    f"(population: {population}). An AUC of 0.5 is a coin toss; 1.0 ranks every churner below every stayer."
)
cols = st.columns(4)
cols[0].metric("Mean AUC", f"{overall['auc'].mean():.3f}")
cols[1].metric("Worst-decile lift", f"{overall['worst_decile_lift'].mean():.1f}x")
cols[2].metric("Brier score", f"{overall['brier_score'].mean():.4f}")
cols[3].metric("Cutoffs", f"{len(overall)}")

st.subheader("AUC per cutoff")
st.altair_chart(
    alt.Chart(overall)
    .mark_line(point=True)
    .encode(
        x=alt.X("cutoff_date:T", title=None),
        y=alt.Y("auc:Q", scale=alt.Scale(zero=False), title="AUC"),
        tooltip=["cutoff_date:T", alt.Tooltip("auc:Q", format=".3f"), "scored_accounts", "churned_accounts"],
    ),
    width="stretch",
)

left, right = st.columns(2)
left.subheader("Churn rate per tier")
tiers = marts.backtest_by_group("tier")
left.altair_chart(
    alt.Chart(tiers)
    .mark_bar()
    .encode(
        x=alt.X("group_value:N", sort=order, title=None),
        y=alt.Y("churn_rate:Q", axis=alt.Axis(format="%"), title="Churned within the horizon"),
        color=alt.Color("group_value:N", scale=scale, legend=None),
        tooltip=["group_value", "scored_accounts", "churned_accounts", alt.Tooltip("churn_rate:Q", format=".1%")],
    ),
    width="stretch",
)
right.subheader("Churn per score decile: observed and predicted")
deciles = marts.backtest_by_group("decile")
deciles["decile"] = deciles["group_value"].astype(int)
long = deciles.melt(
    id_vars=["decile"], value_vars=["churn_rate", "mean_churn_probability"], var_name="series", value_name="rate"
)
right.altair_chart(
    alt.Chart(long)
    .mark_bar()
    .encode(
        x=alt.X("decile:O", title="Decile (1 = lowest scores)"),
        xOffset="series:N",
        y=alt.Y("rate:Q", axis=alt.Axis(format="%"), title=None),
        color=alt.Color("series:N", title=None),
        tooltip=["decile", "series", alt.Tooltip("rate:Q", format=".1%")],
    ),
    width="stretch",
)
st.dataframe(deciles.drop(columns="group_value").sort_values("decile"), hide_index=True, width="stretch")
