"""Scale benchmarks on generated records (not run as tests; see benchmarks/README.md)."""
