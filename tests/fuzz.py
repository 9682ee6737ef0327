"""What fuzz tests post to forms: any text, numbers no column can hold, dates, form-specific words."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def fuzz(max_examples: int = 25) -> settings:
    """Hypothesis settings for tests whose database fixtures are set up once per test, not per example."""
    return settings(
        max_examples=max_examples, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )


def form_values(*specials: str, text_size: int = 40) -> st.SearchStrategy[str]:
    """Any value a browser, or someone crafting a request, could post in one field."""
    return st.one_of(
        st.just(""),
        st.text(max_size=text_size).map(lambda s: s.replace("\x00", "")),  # NUL is refused before any form
        st.integers(-(10**6), 10**21).map(str),  # 10**21 fits no database integer column
        st.dates().map(str),
        st.sampled_from(["-1", "0", "on", "2026-02-30", *specials]),
    )
