"""Nguyen & Mondelli 2020: probabilistic/asymptotic (class P) claims."""
