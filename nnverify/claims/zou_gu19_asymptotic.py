"""Zou & Gu 2019: probabilistic/asymptotic (class P) and conditional (class C) claims."""
