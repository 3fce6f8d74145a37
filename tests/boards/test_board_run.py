"""Board runs against a real sshd on loopback: staging, running, judging, reporting and
leaving nothing behind."""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from board_helpers import QEMU_AARCH64, assert_nothing_left, write_corpus

from sshd_server import Sshd

from targets.config import resolve_target
from targets.runners.ssh import check_on_board, check_on_boards

pytestmark = pytest.mark.timeout(120)


def junit_properties(path: Path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    return {p.get("name"): p.get("value") for p in root.iter("property")}


def test_corpus_runs_on_board_and_cleans_up(sshd, make_board, tinyvm, small_corpus, tmp_path):
    board = make_board(sshd)
    out = io.StringIO()
    report = tmp_path / "reports" / "board-loop.xml"
    suite = check_on_board(board, resolve_target("x86_64"), tinyvm, small_corpus, report, out)
    text = out.getvalue()
    assert suite.infra_error is None, text
    outcomes = {c.name: c.outcome for c in suite.cases}
    assert outcomes == {"echo": "passed", "hello": "passed", "two": "passed",
                        "wrong": "failed"}, text
    assert text.rstrip().splitlines()[-1] == "3 passed, 1 failed"
    props = junit_properties(report)
    assert props["target"] == "x86_64" and props["board"] == "loop"
    assert props["attempts"] == "1"
    assert not Path(board.work_dir).exists(), "the remote work directory was left behind"



def test_emulated_aarch64_board_runs_through_exec_wrapper(sshd, make_board, tinyvm_aarch64,
                                                          small_corpus, tmp_path):
    board = make_board(sshd, target="aarch64", exec_wrapper=QEMU_AARCH64)
    out = io.StringIO()
    suite = check_on_board(board, resolve_target("aarch64"), tinyvm_aarch64, small_corpus,
                           tmp_path / "r.xml", out)
    assert suite.infra_error is None and suite.passed == 3, out.getvalue()
    assert "exec_wrapper: qemu-aarch64" in suite.properties["runner"]


def test_jump_host(sshd, tmp_path, make_board, tinyvm, small_corpus):
    bastion = Sshd(tmp_path / "bastion")
    bastion.start()
    try:
        jump = {"host": "127.0.0.1", "port": bastion.port, "user": "root",
                "key_file": str(bastion.user_key),
                "host_key_fingerprint": bastion.host_fingerprint}
        board = make_board(sshd, jump_host=jump)
        out = io.StringIO()
        suite = check_on_board(board, resolve_target("x86_64"), tinyvm, small_corpus,
                               tmp_path / "r.xml", out)
        assert suite.infra_error is None and suite.passed == 3, out.getvalue()
        assert "via 127.0.0.1" in suite.properties["runner"]
        assert_nothing_left(board)
        wrong = make_board(sshd, name="wrongjump", jump_host={**jump, "port": sshd.port})
        suite = check_on_board(wrong, resolve_target("x86_64"), tinyvm, small_corpus,
                               tmp_path / "r2.xml", io.StringIO())
        assert "jump host of board wrongjump" in (suite.infra_error or "")
    finally:
        bastion.stop()


def test_power_commands_run_on_the_host(sshd, make_board, tinyvm, small_corpus, tmp_path):
    log = tmp_path / "power.log"
    board = make_board(sshd, power_on=f"echo on >> {log}", power_off=f"echo off >> {log}")
    suite = check_on_board(board, resolve_target("x86_64"), tinyvm, small_corpus,
                           tmp_path / "r.xml", io.StringIO())
    assert suite.passed == 3
    assert log.read_text().split() == ["on", "off"]


def test_failing_power_command_is_an_infra_error_and_retried(sshd, make_board, tinyvm,
                                                             small_corpus, tmp_path):
    log = tmp_path / "power.log"
    board = make_board(sshd, power_on="echo relay jammed >&2; false",
                       power_cycle=f"echo cycle >> {log}; false", retries=1)
    out = io.StringIO()
    suite = check_on_board(board, resolve_target("x86_64"), tinyvm, small_corpus,
                           tmp_path / "r.xml", out)
    assert "power cycle command failed" in (suite.infra_error or ""), out.getvalue()
    assert "power on command failed (relay jammed)" in out.getvalue()
    assert all(c.outcome == "error" for c in suite.cases)
    assert log.read_text().split() == ["cycle"]


def test_tag_runs_every_matching_board_in_parallel(sshd, sshd_no_sftp, make_board, tinyvm,
                                                   small_corpus, tmp_path):
    boards = [make_board(sshd, name="one"), make_board(sshd_no_sftp, name="two")]
    out = io.StringIO()
    started = time.monotonic()
    suites = check_on_boards(boards, resolve_target("x86_64"), tinyvm, small_corpus,
                             tmp_path / "reports", out)
    elapsed = time.monotonic() - started
    text = out.getvalue()
    assert [s.properties["board"] for s in suites] == ["one", "two"]
    assert all(s.passed == 3 and s.infra_error is None for s in suites), text
    assert "[one] PASS" in text and "[two] PASS" in text
    assert text.rstrip().splitlines()[-1] == "6 passed, 2 failed"
    assert (tmp_path / "reports" / "tinyvm-board-one.xml").is_file()
    assert (tmp_path / "reports" / "tinyvm-board-two.xml").is_file()
    assert elapsed < 60


def test_test_failures_are_never_retried(sshd, make_board, tinyvm, small_corpus, tmp_path):
    board = make_board(sshd, retries=3, retry_delay=0)
    out = io.StringIO()
    suite = check_on_board(board, resolve_target("x86_64"), tinyvm, small_corpus,
                           tmp_path / "r.xml", out)
    assert suite.failed == 1 and suite.infra_error is None
    assert suite.properties["attempts"] == "1"
    assert "retrying" not in out.getvalue()


def test_exit_codes_and_signals_on_the_board(sshd, make_board, tinyvm, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"crash": ("print a\nsegv\n", b"a\n"),
                                                "three": ("print b\nexit 3\n", b"b\n")})
    board = make_board(sshd)
    out = io.StringIO()
    suite = check_on_board(board, resolve_target("x86_64"), tinyvm, corpus,
                           tmp_path / "r.xml", out)
    messages = {c.name: c.message for c in suite.cases}
    assert "killed by SIGSEGV" in messages["crash"], out.getvalue()
    assert "exit code 3" in messages["three"], out.getvalue()
    assert_nothing_left(board)
