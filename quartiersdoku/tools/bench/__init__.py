"""The benchmark behind `scripts/bench`: synthetic corpus, builds, browser measurements, report."""
