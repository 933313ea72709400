"""Benchmarks: `python bench/run.py [name ...]` runs bench/bench_<name>.py and prints a table."""
