"""Nguyen & Mondelli 2020, Theorem 3.2 along real GD trajectories: conditional (class C) claims."""
