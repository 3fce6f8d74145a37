"""Board runs against a real sshd on loopback: staging, running, judging, reporting and
leaving nothing behind."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from targets.config import resolve_target
from targets.runners.ssh import check_on_board

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

