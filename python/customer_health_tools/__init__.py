"""Tooling for the customer_health dbt project: demo data generator (and later benchmarks)."""

__version__ = "0.1.0"
