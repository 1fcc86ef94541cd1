"""Experiment scripts (measurements and plots, not assertions): `python -m nnverify.experiments.<name>`."""
