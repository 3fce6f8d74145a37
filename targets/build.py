"""The glue SConstruct calls: the build variables and their validation, the paths of
the build tree, the dependencies of a translation, and the translate, compile and check
actions (with `target=all` and `target=list`).

It is the one module of `targets/` that imports `toolchain/`, and it imports it only
inside the actions, so that an up-to-date `scons` stays fast.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from targets.config import (
    DEFAULT_CONFIG_DIR,
    REPO_ROOT,
    Target,
    format_target_table,
    load_targets,
    resolve_target,
)
from targets.environments import ENVIRONMENTS
from targets.errors import KilnError
from targets.results import SuiteResult, format_summary

if TYPE_CHECKING:
    from targets.environments.container import DockerEnvironment

INTERPRETERS_DIR = REPO_ROOT / "interpreters"
TOOLCHAIN_DIR = REPO_ROOT / "toolchain"

# name -> (help text, default); SConstruct declares exactly these, in this order.
VARIABLES: dict[str, tuple[str, str]] = {
    "target": ("target name or alias, 'all' for every target, 'list' to print the table",
               "x86_64"),
    "interp": ("interpreter: a name under interpreters/ (NAME means "
               "interpreters/NAME/NAME.py) or a path to a module", "bf"),
    "env": (f"where to compile: {', '.join(ENVIRONMENTS)}", "host"),
    "static": ("link a fully static binary (0/1)", "0"),
    "jit": ("weave in the meta-tracing JIT (0/1): build/<target>/<interp>-jit/<interp>; "
            "the target needs a JIT backend (see target=list)", "0"),
    "board": ("run check on SSH boards: NAME or tag:TAG (inventory: configs/boards/, or "
              "the directory in $KILN_BOARDS; see docs/boards.md)", ""),
    "build_dir": ("where everything is built", "build"),
}

TRUE_WORDS = ("1", "yes", "true", "on")
FALSE_WORDS = ("0", "no", "false", "off")


@dataclass(frozen=True)
class Options:
    targets: tuple[Target, ...]  # one target, or every target for target=all
    interp: Path                 # the interpreter module
    env: str
    static: bool
    build_dir: Path
    board: str = ""              # board=NAME or board=tag:TAG: check over SSH there
    jit: bool = False            # jit=1: the meta-tracing JIT woven in

    @property
    def interp_name(self) -> str:
        return self.interp.stem

    @property
    def build_name(self) -> str:
        """The build's directory and report name: `bf`, or `bf-jit` with jit=1."""
        return self.interp_name + ("-jit" if self.jit else "")


def reject_unknown(unknown: Iterable[str]) -> None:
    """A misspelt variable (`traget=`) is an error naming it and the valid ones."""
    names = sorted(unknown)
    if names:
        plural = "s" if len(names) > 1 else ""
        raise KilnError(f"unknown variable{plural} {', '.join(names)}; "
                        f"valid variables: {', '.join(VARIABLES)} (see scons -h)")


def parse_bool(name: str, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise KilnError(f"{name}={value}: not a boolean; use one of "
                    f"{', '.join(TRUE_WORDS + FALSE_WORDS)}")


def resolve_interp(spec: str, root: Path = REPO_ROOT) -> Path:
    """`bf` is interpreters/bf/bf.py; anything with a slash or a .py suffix is a path."""
    if "/" in spec or spec.endswith(".py"):
        path = Path(spec).expanduser()
        path = path if path.is_absolute() else root / path
    else:
        path = INTERPRETERS_DIR / spec / f"{spec}.py"
    if not path.is_file():
        known = sorted(p.name for p in INTERPRETERS_DIR.iterdir()
                       if (p / f"{p.name}.py").is_file()) if INTERPRETERS_DIR.is_dir() else []
        raise KilnError(f"interp={spec}: no interpreter module at {path}; known "
                        f"interpreters: {', '.join(known) or 'none'} (or give a path to a .py)")
    return path.resolve()


def parse_options(values: Mapping[str, str], root: Path = REPO_ROOT) -> Options:
    """Validate the variables (defaults filled in by SCons); raises `KilnError`."""
    jit = parse_bool("jit", values["jit"])
    if values["env"] not in ENVIRONMENTS:
        raise KilnError(f"env={values['env']}: unknown environment; allowed values: "
                        f"{', '.join(ENVIRONMENTS)}")
    name = values["target"]
    targets = tuple(load_targets().values()) if name == "all" else (resolve_target(name),)
    if jit:
        without = [t.name for t in targets if t.jit_backend is None]
        if without and name != "all":
            with_jit = [t.name for t in load_targets().values() if t.jit_backend]
            raise KilnError(f"jit=1: target {without[0]} has no JIT backend; targets with "
                            f"one: {', '.join(with_jit)}")
        targets = tuple(t for t in targets if t.jit_backend is not None)
    if values["board"]:
        if len(targets) != 1:
            raise KilnError(f"board={values['board']} needs one target, not target={name}")
        from targets.boards import select_boards
        select_boards(values["board"], targets[0].name)   # unknown boards fail before building
    build_dir = Path(values["build_dir"]).expanduser()
    return Options(targets=targets, interp=resolve_interp(values["interp"], root),
                   env=values["env"], static=parse_bool("static", values["static"]),
                   build_dir=build_dir if build_dir.is_absolute() else root / build_dir,
                   board=values["board"], jit=jit)


def target_table() -> str:
    """What `target=list` prints."""
    return format_target_table(load_targets().values())


# --- paths of the build tree -------------------------------------------------------

def out_dir(options: Options, target: Target) -> Path:
    return options.build_dir / target.name / options.build_name


def binary_path(options: Options, target: Target) -> Path:
    """build/<target>/<interp>/<interp>, e.g. build/aarch64/bf/bf (bf-jit/bf with jit=1)."""
    return out_dir(options, target) / options.interp_name


def c_dir(options: Options, target: Target) -> Path:
    return out_dir(options, target) / "c"


def report_path(options: Options, target: Target) -> Path:
    return options.build_dir / target.name / "reports" / f"{options.build_name}.xml"


def corpus_dir(options: Options) -> Path:
    return options.interp.parent / "tests"


def translation_outputs(options: Options, target: Target) -> list[Path]:
    """The files a translation writes (the SCons targets of the translate step)."""
    from toolchain.genc.genc import RUNTIME_FILES
    directory = c_dir(options, target)
    return [directory / f"{options.interp_name}.c",
            *(directory / name for name in RUNTIME_FILES)]


def translation_inputs(options: Options, target: Target) -> list[Path]:
    """What a translation depends on: the interpreter's own Python files (its module and
    the package beside it, not its test corpus), every toolchain source file (Python and
    the C runtime), and the target's config."""
    interp_dir = options.interp.parent
    interp_files = {options.interp}
    interp_files.update(p for p in interp_dir.rglob("*.py")
                        if "tests" not in p.relative_to(interp_dir).parts[:-1])
    toolchain = [p for p in TOOLCHAIN_DIR.rglob("*")
                 if p.suffix in (".py", ".c", ".h") and "__pycache__" not in p.parts]
    jit = sorted(p for p in (REPO_ROOT / "jit").rglob("*.py")
                 if "__pycache__" not in p.parts) if options.jit else []
    return [*sorted(interp_files), *sorted(toolchain), *jit,
            DEFAULT_CONFIG_DIR / f"{target.name}.yaml"]


def compile_inputs(options: Options, target: Target) -> list[Path]:
    """Besides the C files: what decides the compiler flags (the target's config and the
    environment code), so that changing a flag relinks even when the C is unchanged."""
    environments = Path(__file__).resolve().parent / "environments"
    # With env=docker the image is part of the compiler: what its tag hashes counts too.
    image = ([REPO_ROOT / "docker" / "Dockerfile", REPO_ROOT / "configs" / "containers.yaml"]
             if options.env == "docker" else [])
    return [DEFAULT_CONFIG_DIR / f"{target.name}.yaml", *sorted(environments.glob("*.py")),
            *image]


# --- actions (each returns 0 or prints a clean error and returns 1) ---------------

class Step:
    """A build step as an SCons action: `Step(translate, options, target)`.

    SCons signs a callable object by the code of its `__call__`, which is stable; a
    lambda with objects bound in its defaults would be signed by their pickles, which
    change from run to run and made every build look out of date. What a step's output
    depends on is declared as SCons sources instead.
    """

    def __init__(self, func: Callable[..., int], *args: object, **kwargs: object) -> None:
        self.func, self.args, self.kwargs = func, args, kwargs

    def __call__(self, target: object, source: object, env: object) -> int:
        return self.func(*self.args, **self.kwargs)


def _guarded(step: Callable[[], int]) -> int:
    try:
        return step()
    except KilnError as err:
        print(f"error: {err}", file=sys.stderr, flush=True)
        return 1


def translate(options: Options, target: Target) -> int:
    def step() -> int:
        # SCons restores sys.path after reading SConstruct; the JIT's top-level package
        # is first imported here, at build time.
        if str(REPO_ROOT) not in sys.path:
            sys.path.insert(0, str(REPO_ROOT))
        from toolchain.driver import translate as run_translation
        from targets.environments import get_environment
        # A missing cross compiler is reported before spending time translating.
        get_environment(options.env).check_toolchain(target)
        run_translation(options.interp, target, c_dir(options, target),
                        log=lambda message: print(message, flush=True), jit=options.jit)
        return 0
    return _guarded(step)


def compile_binary(options: Options, target: Target) -> int:
    def step() -> int:
        from toolchain.driver import translation_in
        from targets.environments import get_environment
        output = binary_path(options, target)
        translation = translation_in(c_dir(options, target), options.interp_name)
        started = time.monotonic()
        get_environment(options.env).compile(target, translation, output,
                                             options.build_dir / target.name, options.static)
        kind = "static " if options.static else ""
        print(f"[compile] {target.name}: {kind}{output} "
              f"({output.stat().st_size} bytes, {time.monotonic() - started:.1f}s)",
              flush=True)
        return 0
    return _guarded(step)


# Results of the checks run in this scons process, for the target=all summary.
_check_results: list[SuiteResult] = []


def check(options: Options, target: Target, fail_on_error: bool) -> int:
    """Run the corpus on the built binary. With `fail_on_error` false (target=all) a
    failing corpus is recorded for the summary instead of stopping the build."""
    def step() -> int:
        from targets.check import run_check
        from targets.environments import get_environment
        if options.board:
            return check_boards(options, target)
        runner = get_environment(options.env).runner(target)
        suite = run_check(target, binary_path(options, target), corpus_dir(options), runner,
                          report_path(options, target))
        _check_results.append(suite)
        return 0 if suite.ok or not fail_on_error else 1
    return _guarded(step)


def check_boards(options: Options, target: Target) -> int:
    """`board=NAME|tag:TAG check`: the corpus on each chosen board over SSH, in parallel."""
    from targets.boards import select_boards
    from targets.runners.ssh import check_on_boards
    boards = select_boards(options.board, target.name)
    suites = check_on_boards(boards, target, binary_path(options, target), corpus_dir(options),
                             report_path(options, target).parent)
    _check_results.extend(suites)
    return 0 if all(suite.ok for suite in suites) else 1


def summarize(expected: Sequence[Target]) -> int:
    """The closing table of `target=all check`; non-zero unless every target passed."""
    results = list(_check_results)
    print("\n" + format_summary(results))
    passed = sum(suite.passed for suite in results)
    cases = sum(len(suite.cases) for suite in results)
    print(f"{passed} passed, {cases - passed} failed", flush=True)
    complete = len(results) == len(expected)
    return 0 if complete and all(suite.ok for suite in results) else 1


# --- env=docker: the container images and a shell in one --------------------------

def images(options: Options) -> int:
    """`scons env=docker images`: build each target's image if missing or outdated."""
    def step() -> int:
        _docker(options, "images").images(options.targets, options.build_dir / "images")
        return 0
    return _guarded(step)


def shell(options: Options) -> int:
    """`scons env=docker target=NAME shell`: an interactive shell in that image."""
    def step() -> int:
        if len(options.targets) != 1:
            raise KilnError("'shell' needs one target: scons env=docker target=NAME shell")
        return _docker(options, "shell").shell(options.targets[0])
    return _guarded(step)


def _docker(options: Options, alias: str) -> DockerEnvironment:
    if options.env != "docker":
        raise KilnError(f"'{alias}' belongs to the container environment: "
                        f"scons env=docker target=... {alias}")
    from targets.environments import get_environment
    return cast("DockerEnvironment", get_environment("docker"))

