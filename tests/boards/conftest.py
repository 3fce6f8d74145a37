"""Fixtures for board tests: real sshd servers on loopback, a board inventory pointing at
them, and a small corpus run by a tiny stand-in interpreter (native and aarch64)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml

from board_helpers import write_corpus
from sshd_server import Sshd

from targets.boards import Board, load_board

HERE = Path(__file__).resolve().parent


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[Sshd]:
    server = Sshd(tmp_path / "sshd")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sshd_no_sftp(tmp_path: Path) -> Iterator[Sshd]:
    server = Sshd(tmp_path / "sshd-nosftp", sftp=False)
    server.start()
    yield server
    server.stop()


BoardFactory = Callable[..., Board]


@pytest.fixture
def make_board(tmp_path: Path) -> BoardFactory:
    """Write `boards/NAME.yaml` for a server (plus overrides) and load it."""
    inventory = tmp_path / "boards"
    inventory.mkdir(exist_ok=True)

    def make(server: Sshd, name: str = "loop", target: str = "x86_64",
             **overrides: Any) -> Board:
        fields: dict[str, Any] = {
            "name": name, "target": target, "host": "127.0.0.1", "port": server.port,
            "user": "root", "key_file": str(server.user_key),
            "host_key_fingerprint": server.host_fingerprint,
            "work_dir": str(tmp_path / "remote" / name), "tags": ["loopback"],
            "connect_timeout": 20, "retries": 0, "retry_delay": 0.2, "lock_wait": 0,
        }
        fields.update(overrides)
        fields = {k: v for k, v in fields.items() if v is not None}
        path = inventory / f"{name}.yaml"
        path.write_text(yaml.safe_dump(fields))
        return load_board(path)

    return make


def _compile(compiler: str, output: Path) -> Path:
    if shutil.which(compiler) is None:
        pytest.fail(f"{compiler} is not installed (run ./bootstrap.sh)")
    subprocess.run([compiler, "-O2", "-o", str(output), str(HERE / "tinyvm.c")], check=True)
    return output


@pytest.fixture(scope="session")
def tinyvm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _compile("gcc", tmp_path_factory.mktemp("tinyvm") / "tinyvm")


@pytest.fixture(scope="session")
def tinyvm_aarch64(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _compile("aarch64-linux-gnu-gcc", tmp_path_factory.mktemp("tinyvm-a64") / "tinyvm")


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", {
        "hello": ("print hello\n", b"hello\n"),
        "two": ("print one\nprint two\n", b"one\ntwo\n"),
        "echo": ("cat-stdin\n", b"from stdin\n"),
        "wrong": ("print right\n", b"wrong\n"),
    }, stdin={"echo": b"from stdin\n"})

