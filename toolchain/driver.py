"""Runs the translator's stages in order: import, flow + annotate, rtype, genc, write.

The interpreter module is imported normally, so its module-level code is unrestricted
Python; only what `entry_point` reaches must be in the subset.  The output directory is
replaced atomically: a failed translation leaves the previous output (or nothing).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Callable

from targets.config import Target
from toolchain.annotator.annotator import Annotator, entry_point_annotations
from toolchain.errors import TranslationError
from toolchain.genc.genc import RUNTIME_DIR, RUNTIME_FILES, generate_c
from toolchain.flow.model import FunctionGraph
from toolchain.flow.weave import Weave
from toolchain.rlib.jit import JitDriver
from toolchain.rtyper.rtyper import RTyper


@dataclass
class Translation:
    c_sources: list[Path]
    include_dirs: list[Path]
    libs: list[str] = field(default_factory=lambda: ["gc", "m"])


def load_module(module_path: Path) -> ModuleType:
    if not module_path.is_file():
        raise TranslationError(f"interpreter module '{module_path}' does not exist")
    name = "kiln_interp_" + module_path.stem
    spec = importlib.util.spec_from_file_location(name, module_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, str(module_path.parent))
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - the user's import-time code failed
        raise TranslationError(f"importing '{module_path}' failed: "
                               f"{type(exc).__name__}: {exc}") from exc
    finally:
        sys.path.remove(str(module_path.parent))
    return module


def translate(module_path: Path, target: Target, output_dir: Path,
              entry: str = "entry_point",
              log: Callable[[str], None] = lambda message: None,
              jit: bool = False) -> Translation:
    module_path = Path(module_path).resolve()
    started = time.perf_counter()
    module = load_module(module_path)
    entry_func = getattr(module, entry, None)
    if not callable(entry_func):
        raise TranslationError(f"'{module_path}' has no function '{entry}(argv)'")
    log(f"[translate] annotating from {entry}() for {target.name} "
        f"({target.word_bits}-bit)")
    annotator, rtyper, entry_graph = annotate_and_rtype(entry_func, target, {})
    log(f"[translate] {len(annotator.graph_order)} functions, "
        f"{len(annotator.classdefs)} classes annotated")
    if jit:
        from toolchain.jitweave import prepare_pass_two  # the JIT only with jit=1
        with tempfile.TemporaryDirectory(prefix="kiln-jit-") as scratch:
            jit_entry, weaves, replacements = prepare_pass_two(annotator, rtyper, entry_func,
                                                               Path(scratch))
            log(f"[translate] jitcodes written; pass 2 with the JIT woven into "
                f"{len(weaves)} driver(s)")
            annotator, rtyper, entry_graph = annotate_and_rtype(jit_entry, target, weaves,
                                                                replacements)
            log(f"[translate] {len(annotator.graph_order)} functions, "
                f"{len(annotator.classdefs)} classes annotated with the JIT")
            source = generate_c(annotator, rtyper, entry_graph)
    else:
        source = generate_c(annotator, rtyper, entry_graph)
    name = module_path.stem
    output_dir = Path(output_dir)
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.", dir=output_dir.parent))
    try:
        (staging / f"{name}.c").write_text(source)
        for runtime_file in RUNTIME_FILES:
            shutil.copyfile(RUNTIME_DIR / runtime_file, staging / runtime_file)
        if output_dir.exists():
            shutil.rmtree(output_dir)
        staging.rename(output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log(f"[translate] wrote {output_dir / (name + '.c')} "
        f"({len(source.splitlines())} lines) in {time.perf_counter() - started:.2f}s")
    return translation_in(output_dir, name)


def annotate_and_rtype(entry_func: Callable[..., object], target: Target,
                       weaves: dict[JitDriver, Weave],
                       replacements: dict[Callable[..., object], Callable[..., object]]
                       | None = None) -> tuple[Annotator, RTyper, FunctionGraph]:
    annotator = Annotator(target, weaves, replacements)
    entry_graph = annotator.build_types(entry_func, entry_point_annotations())
    rtyper = RTyper(annotator)
    rtyper.specialize()
    return annotator, rtyper, entry_graph


def translation_in(output_dir: Path, name: str) -> Translation:
    """The Translation a finished output directory holds (for builds that reuse it)."""
    runtime_sources = [output_dir / f for f in RUNTIME_FILES if f.endswith(".c")]
    return Translation(c_sources=[output_dir / f"{name}.c", *runtime_sources],
                       include_dirs=[output_dir])
