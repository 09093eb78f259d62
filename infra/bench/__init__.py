"""Benchmarks: each `infra/bench/bench_<name>.py` has `run() -> list[Figure]`; `make bench` runs
them all against a fresh PostgreSQL database, prints a table and writes bench-results.json."""
