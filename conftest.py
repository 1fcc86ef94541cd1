"""Root conftest: the nnverify pytest plugin (profiles dev/ci/thorough, `--claim ID`, one torch
thread per xdist worker, counterexample artifacts, results collector)."""

from nnverify.profiles import register_profiles

register_profiles()
pytest_plugins = ("nnverify.pytest_plugin",)
