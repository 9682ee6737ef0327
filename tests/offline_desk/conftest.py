"""The offline desk's tests use the online desk's reception site."""

from tests.cases.test_arrivals import site  # noqa: F401  (a fixture, shared)
