"""Counterexample artifacts: save in this process → `nnverify replay` in a new one → bit-identical.

A deterministic violation comes from the "mutant" variant of the output-layer gradient claim
(Nguyen 2021, proof of Thm 2.2: ∇_{W_L}Φ = F_{L−1}ᵀ(F_L − Y); the mutant flips its sign).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from nnverify.artifacts import FORMAT, instance_arrays, load_artifact, tensor_sha256
from nnverify.claims import ClaimViolation, check, get
from nnverify.errors import InputError
from nnverify.replay import replay
from nnverify.types import Case

CLAIM = "nguyen21.thm2.2.proof_grad_wl"
# widths (2, 3, 2), N = 3 and a second point θᵇ (pair="noise"): X, Y, W_1, W_2, Wb_1, Wb_2 are stored
CASE = Case(widths=(2, 3, 2), n=3, seed=2, pair="noise")


@pytest.fixture
def artifact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NNVERIFY_ARTIFACTS", str(tmp_path / "cx"))
    with pytest.raises(ClaimViolation) as info:
        check(get(CLAIM), CASE, variant="mutant", save=True)
    path = Path(info.value.path)
    assert path.is_file() and path.with_suffix(".npz").is_file()
    assert path.parent == tmp_path / "cx" / CLAIM
    return path


def test_json_records_claim_case_versions_threads_and_hashes(artifact: Path) -> None:
    doc = json.loads(artifact.read_text())
    assert doc["format"] == FORMAT and doc["claim"] == CLAIM and doc["variant"] == "mutant"
    assert doc["outcome"] == "violated"
    assert Case.from_dict(doc["case"]) == CASE and doc["case_repr"] == repr(CASE)
    assert set(doc["versions"]) >= {"python", "torch", "numpy", "hypothesis", "nnverify"}
    assert doc["versions"]["torch"] == torch.__version__
    assert doc["torch_threads"] == torch.get_num_threads()
    arrays = instance_arrays(CASE.build())
    assert set(doc["arrays"]) == set(arrays) == {"X", "Y", "W_1", "W_2", "Wb_1", "Wb_2"}
    for name, t in arrays.items():
        assert doc["arrays"][name] == {"sha256": tensor_sha256(t), "shape": list(t.shape)}
    with np.load(artifact.with_suffix(".npz"), allow_pickle=False) as z:
        assert set(z.files) == set(arrays)
        for name, t in arrays.items():
            assert z[name].dtype == np.float64
            assert np.array_equal(z[name], t.numpy())
            assert hashlib.sha256(np.ascontiguousarray(z[name]).tobytes()).hexdigest() == doc["arrays"][name]["sha256"]
    ev = doc["evaluations"][0]
    assert ev["violated"] and float.fromhex(ev["lhs_hex"]) == ev["lhs"]


def test_replay_in_new_process_is_bit_identical(artifact: Path) -> None:
    doc = load_artifact(artifact)
    proc = subprocess.run([sys.executable, "-m", "nnverify.cli", "replay", str(artifact)],
                          capture_output=True, text=True, timeout=120)
    out = proc.stdout
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{CLAIM} [variant: mutant] violated" in out
    assert "lhs/rhs bit-identical to the artifact" in out
    assert "all 6 rebuilt tensors match the artifact's sha256" in out
    assert "violation reproduced" in out
    for ev in doc["evaluations"]:
        assert f"lhs={ev['lhs_hex']} rhs={ev['rhs_hex']}" in out
    assert f"replay  nnverify replay {artifact}" in out and "@example(case=" in out


def test_replay_of_the_claim_itself_holds_and_reports_the_difference(artifact: Path) -> None:
    """The same case, re-evaluated for the claim rather than its mutant: exit code 0, values differ."""
    doc = json.loads(artifact.read_text())
    doc["variant"] = None
    artifact.write_text(json.dumps(doc))
    res = replay(artifact)
    assert res.exit_code == 0 and not res.reproduced and res.outcome == "held"
    assert not res.array_mismatches and not res.bit_identical
    assert "not reproduced" in res.render()


def test_replay_names_tampered_arrays(artifact: Path) -> None:
    doc = json.loads(artifact.read_text())
    doc["arrays"]["W_2"]["sha256"] = "0" * 64
    artifact.write_text(json.dumps(doc))
    res = replay(artifact)
    assert res.array_mismatches == ["W_2"] and res.reproduced
    assert "1 of 6 rebuilt tensors differ" in res.render() and "W_2" in res.render()


@pytest.mark.parametrize("edit", [{"claim": "nguyen21.no_such_claim"}, {"variant": "no_such_variant"},
                                  {"torch_threads": 0}, {"case": {"widths": [2, 2], "n": 1, "colour": 3}}])
def test_unusable_artifact_is_an_input_error(artifact: Path, edit: dict[str, object]) -> None:
    doc = json.loads(artifact.read_text())
    doc.update(edit)
    artifact.write_text(json.dumps(doc))
    with pytest.raises(InputError):
        replay(artifact)
