"""Nguyen 2021: probabilistic/asymptotic (class P) claims under LeCun-type initialisation."""
