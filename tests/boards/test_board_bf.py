"""The issue's end-to-end check: the BF interpreter, translated and cross-compiled for
aarch64 by `scons`, passes its whole corpus on an emulated aarch64 board (a real sshd on
loopback whose exec_wrapper is the target's QEMU command), driven through the front door."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import yaml
from board_helpers import QEMU_AARCH64, assert_nothing_left

from targets.boards import load_board
from targets.config import REPO_ROOT
from targets.corpus import discover

pytestmark = pytest.mark.timeout(900)
SCONS = [sys.executable, "-m", "SCons"]


def scons(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*SCONS, "-Q", *args], cwd=REPO_ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})})


def test_bf_corpus_passes_on_emulated_aarch64_board(sshd, tmp_path):
    build = tmp_path / "build"
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    (inventory / "emu.yaml").write_text(yaml.safe_dump({
        "name": "emu", "target": "aarch64", "host": "127.0.0.1", "port": sshd.port,
        "user": "root", "key_file": str(sshd.user_key),
        "host_key_fingerprint": sshd.host_fingerprint, "work_dir": str(tmp_path / "remote"),
        "tags": ["emulated"], "exec_wrapper": QEMU_AARCH64, "connect_timeout": 30}))
    env = {"KILN_BOARDS": str(inventory)}

    done = scons("target=aarch64", f"build_dir={build}", "board=tag:emulated", "check",
                 env=env)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    cases = discover(REPO_ROOT / "interpreters" / "bf" / "tests")
    assert output.rstrip().splitlines()[-1] == f"{len(cases)} passed, 0 failed", output
    assert "exec_wrapper: qemu-aarch64" in output

    report = ET.parse(build / "aarch64" / "reports" / "bf-board-emu.xml").getroot()
    props = {p.get("name"): p.get("value") for p in report.iter("property")}
    assert props["target"] == "aarch64" and props["board"] == "emu"
    assert int(report.get("tests")) == len(cases) and report.get("failures") == "0"
    assert_nothing_left(load_board(inventory / "emu.yaml"))


def test_board_errors_at_the_front_door(tmp_path):
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    env = {"KILN_BOARDS": str(inventory)}
    done = scons("target=aarch64", f"build_dir={tmp_path}", "board=pi9", "check", env=env)
    assert done.returncode != 0
    assert "unknown board 'pi9'" in done.stderr and "Traceback" not in done.stderr
    done = scons("target=all", f"build_dir={tmp_path}", "board=tag:lab", "check", env=env)
    assert done.returncode != 0 and "needs one target" in done.stderr


def test_ci_matrix_runs_a_board_job(sshd, tmp_path):
    inventory = tmp_path / "inventory"
    inventory.mkdir()
    (inventory / "emu.yaml").write_text(yaml.safe_dump({
        "name": "emu", "target": "aarch64", "host": "127.0.0.1", "port": sshd.port,
        "user": "root", "key_file": str(sshd.user_key),
        "host_key_fingerprint": sshd.host_fingerprint, "work_dir": str(tmp_path / "remote"),
        "exec_wrapper": QEMU_AARCH64, "connect_timeout": 30}))
    config = tmp_path / "ci.yaml"
    config.write_text((REPO_ROOT / "configs" / "ci.yaml").read_text().replace(
        "boards: []", "boards: [{board: emu, interpreters: [bf]}]"))
    done = subprocess.run(
        [sys.executable, "-m", "ci", "--config", str(config), "run", "--only", "board=emu",
         "--out", str(tmp_path / "ci")], cwd=REPO_ROOT, capture_output=True, text=True,
        env={**os.environ, "KILN_BOARDS": str(inventory)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "| aarch64 (board emu) | bf | off | passed |" in done.stdout
    report = ET.parse(tmp_path / "ci" / "reports" / "board-emu-aarch64-bf-jit-off.xml")
    props = {p.get("name"): p.get("value") for p in report.getroot().iter("property")}
    assert props["board"] == "emu" and props["target"] == "aarch64" and props["jit"] == "off"
