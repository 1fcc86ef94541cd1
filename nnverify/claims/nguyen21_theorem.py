"""Nguyen 2021, Theorem 2.2 along real GD trajectories: conditional (class C) claims."""
