"""The shared backend test suite: trace building, the executor comparison, random traces."""
