"""Every backend's encoder against its golden file, and the golden files against GNU as."""

from __future__ import annotations

import re

import pytest
from encoder_harness import Backend, bless, blessing, read_golden

import cases_aarch64
import cases_arm
import cases_x86_64

BACKENDS = [cases_x86_64.BACKEND, cases_aarch64.BACKEND, cases_arm.BACKEND_V7,
            cases_arm.BACKEND_IDIV, cases_arm.BACKEND_V5]
BUILDERS = {type(b.make_builder()): [] for b in BACKENDS}
for _backend in BACKENDS:
    BUILDERS[type(_backend.make_builder())].append(_backend)


@pytest.fixture(params=BACKENDS, ids=lambda backend: backend.name)
def backend(request: pytest.FixtureRequest) -> Backend:
    return request.param


def test_encodings_match_golden(backend: Backend) -> None:
    if blessing():
        bless(backend)
    golden = read_golden(backend)
    assert [call for call, _ in golden] == [call for call, _ in backend.cases], (
        f"{backend.golden_path.name} lists other cases than the code: "
        "rerun with KILN_BLESS=1 and review the diff")
    mismatches = []
    for call, insns in golden:
        expected = b"".join(data for data, _ in insns)
        got = backend.encode(call)
        if got != expected:
            text = "; ".join(t for _, t in insns)
            mismatches.append(f"{call}: got {got.hex(' ')}, GNU as: {expected.hex(' ')} "
                              f"({text})")
    assert not mismatches, "\n".join(mismatches)


def test_golden_is_not_stale(backend: Backend) -> None:
    if not backend.assembler.available():
        pytest.skip(f"{backend.assembler.as_cmd[0]} is not installed: cannot re-check "
                    f"{backend.golden_path.name}")
    fresh = backend.assembler.assemble([source for _, source in backend.cases])
    golden = read_golden(backend)
    stale = [call for (call, insns), now in zip(golden, fresh) if insns != now]
    assert len(golden) == len(fresh) and not stale, (
        f"GNU as now disagrees with {backend.golden_path.name} on: {stale}; "
        "rerun with KILN_BLESS=1")


@pytest.mark.parametrize("cls", BUILDERS, ids=lambda cls: cls.__module__.split(".")[-2])
def test_every_encoder_method_has_a_case(cls: type) -> None:
    methods = {name for name, value in vars(cls).items()
               if callable(value) and not name.startswith("_")}
    backends = BUILDERS[cls]
    used = {re.match(r"(\w+)\(", call).group(1) for b in backends for call, _ in b.cases}
    exempt = set().union(*(b.not_encoders for b in backends))
    missing = methods - used - exempt
    assert not missing, f"{cls.__module__}: encoder methods without a golden case: {missing}"
