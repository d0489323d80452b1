"""The benchmark: `bench/run` (see docs/benchmarks.md). Not part of the site or the test suite."""
