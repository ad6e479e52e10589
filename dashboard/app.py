"""Customer health dashboard (`make dashboard`): reads only the published snapshot of the marts."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Customer health", page_icon=":material/monitor_heart:", layout="wide")

pages = st.navigation(
    [
        st.Page("pages/portfolio.py", title="Portfolio", icon=":material/dashboard:", default=True),
        st.Page("pages/account.py", title="Account", icon=":material/person_search:"),
        st.Page("pages/worklists.py", title="Worklists", icon=":material/checklist:"),
        st.Page("pages/score_check.py", title="Does the score work", icon=":material/query_stats:"),
    ]
)
pages.run()
