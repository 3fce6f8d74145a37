"""What the codewriter makes of dict_cases.py, untranslated: every case is encoded (a
root it cannot encode is an error), dict operations are calls of the runtime's word-ABI
entry points, and `[x] * n` is one call (dict_program.py runs these jitcodes
translated); and of Ember: no graph is left to residual calls by a container
operation."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from jit.codewriter.codewriter import CodeWriter
from jit.codewriter.jitcode import JitCode, disassemble
from targets.config import load_targets
from toolchain.driver import annotate_and_rtype, load_module

CASES = Path(__file__).parent / "dict_cases.py"
EMBER = Path(__file__).resolve().parents[3] / "interpreters" / "ember"


@pytest.fixture(scope="module")
def jitcodes() -> dict[str, JitCode]:
    module = load_module(CASES)
    annotator, rtyper, _ = annotate_and_rtype(module.entry_point, load_targets()["x86_64"],
                                              {})
    graphs = {g.name: g for g in annotator.graph_order}
    writer = CodeWriter(annotator, rtyper)
    codeset = writer.make([graphs[case.__name__] for case in module.CASES])
    assert writer.not_traced == {}
    return {j.name: j for j in codeset.jitcodes}


def c_calls(jitcode: JitCode) -> Counter[str]:
    return Counter(re.findall(r"CFunctionAddress\((\w+)\)", disassemble(jitcode)))


def test_dict_operations_call_the_entry_points(jitcodes: dict[str, JitCode]) -> None:
    calls = c_calls(jitcodes["int_dict"])
    for name in ["kiln_dict_new", "kiln_jit_dict_setitem_w", "kiln_jit_dict_getitem_w",
                 "kiln_jit_dict_get_w", "kiln_jit_dict_contains", "kiln_jit_dict_delitem",
                 "kiln_jit_dict_setdefault_w", "kiln_jit_dict_pop_w",
                 "kiln_jit_dict_pop_default_w", "kiln_jit_dict_keys",
                 "kiln_jit_dict_values"]:
        assert calls[name] > 0, name
    assert c_calls(jitcodes["float_dict"])["kiln_jit_dict_get_f"] > 0


def test_repeat_of_a_one_item_list_is_one_call(jitcodes: dict[str, JitCode]) -> None:
    calls = c_calls(jitcodes["repeats"])
    assert calls["kiln_jit_list_filled_w"] == 6     # ints, zeros, boxes, flags, nones, shared
    assert calls["kiln_jit_list_filled_f"] == 1
    assert calls["kiln_list_repeat"] == 1           # shared * 3
    assert calls["kiln_list_new"] == 0


def test_ember_graphs_with_containers_are_traced_into() -> None:
    """Ember's graphs that use dicts (guest dicts, classes, errors) and list edits were
    residual calls as a whole; none is for a container operation now."""
    sys.path.insert(0, str(EMBER))
    try:
        module = load_module(EMBER / "ember.py")
    finally:
        sys.path.remove(str(EMBER))
    annotator, rtyper, _ = annotate_and_rtype(module.entry_point, load_targets()["x86_64"],
                                              {})
    writer = CodeWriter(annotator, rtyper)
    writer.make()
    names = {g.name for g in writer.order}
    # (W_Class.lookup and Map.with_field are elidable now: residual calls on purpose.)
    assert {"W_Dict.__init__", "W_Dict.set", "W_Dict.slot", "W_Dict.delete",
            "VM.make_class", "VM.make_error", "list_method", "clamp_slice"} <= names
    reasons = [f"{g.name}: {why}" for g, why in writer.not_traced.items()]
    assert not [r for r in reasons if "'dict_" in r or "'list_" in r or "'tuple_" in r], \
        reasons
