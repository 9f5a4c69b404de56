"""Fairness lab: synthetic scenarios, the Adult dataset, group metrics and threshold sweeps."""
