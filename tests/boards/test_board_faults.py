"""Fault tests against real sshd servers: each asserts the reported outcome (infrastructure
error or test failure), that nothing hangs, and that nothing is left behind."""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import pytest
from board_helpers import (
    assert_nothing_left,
    live_processes_under,
    program_running,
    write_corpus,
)
from sshd_server import Sshd, fingerprint, keygen

from targets.config import resolve_target
from targets.runners.ssh import check_on_board

pytestmark = pytest.mark.timeout(120)
X86 = resolve_target("x86_64")


def run(board, binary, corpus, tmp_path):
    tmp_path.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    suite = check_on_board(board, X86, binary, corpus, tmp_path / "report.xml", out)
    return suite, out.getvalue()


def assert_infra_only(suite, text, needle):
    assert suite.infra_error is not None and needle in suite.infra_error, text
    assert all(case.outcome == "error" for case in suite.cases), text
    assert "Traceback" not in text


def test_wrong_host_key_is_refused_and_retried(sshd, make_board, tinyvm, small_corpus,
                                               tmp_path):
    other = keygen(tmp_path / "other_host_key")
    board = make_board(sshd, host_key_fingerprint=fingerprint(other.with_suffix(".pub")),
                       retries=1)
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert_infra_only(suite, text, "HOST KEY MISMATCH")
    assert sshd.host_fingerprint in suite.infra_error
    assert suite.properties["attempts"] == "2"
    assert not Path(board.work_dir).exists()


def test_unknown_host_key_is_rejected_by_default(sshd, make_board, tinyvm, small_corpus,
                                                 tmp_path):
    empty = tmp_path / "known_hosts"
    empty.write_text("")
    board = make_board(sshd, host_key_fingerprint=None, known_hosts=str(empty))
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert_infra_only(suite, text, "is not trusted")
    assert not Path(board.work_dir).exists()


def test_known_hosts_file_is_honoured(sshd, make_board, tinyvm, small_corpus, tmp_path):
    known = tmp_path / "known_hosts"
    key = (sshd.root / "host_key.pub").read_text().split()
    known.write_text(f"[127.0.0.1]:{sshd.port} {key[0]} {key[1]}\n")
    board = make_board(sshd, host_key_fingerprint=None, known_hosts=str(known))
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert suite.infra_error is None and suite.passed == 3, text


def test_insecure_accept_is_reported(sshd, make_board, tinyvm, small_corpus, tmp_path):
    board = make_board(sshd, host_key_fingerprint=None, insecure_accept_host_key=True)
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert suite.infra_error is None and suite.passed == 3, text
    assert "insecure_accept_host_key is in effect" in text
    assert suite.properties["insecure_accept_host_key"] == "true"


def test_wrong_user_key_is_an_infra_error(sshd, make_board, tinyvm, small_corpus, tmp_path):
    stranger = keygen(tmp_path / "stranger")
    board = make_board(sshd, key_file=str(stranger))
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert_infra_only(suite, text, "refused key")
    assert stranger.read_text() not in text, "key material was logged"
    assert not Path(board.work_dir).exists()


def test_loose_key_permissions_warn(sshd, make_board, tinyvm, small_corpus, tmp_path):
    os.chmod(sshd.user_key, 0o644)
    board = make_board(sshd)
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert suite.passed == 3, text
    assert "has permissions 0644" in text


def test_case_past_deadline_is_killed_not_orphaned(sshd, make_board, tinyvm, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"spin": ("print a\nspin\n", b"a\n"),
                                                "fine": ("print ok\n", b"ok\n")})
    board = make_board(sshd, case_timeout=2)
    started = time.monotonic()
    suite, text = run(board, tinyvm, corpus, tmp_path)
    assert time.monotonic() - started < 30
    outcomes = {c.name: c.outcome for c in suite.cases}
    assert suite.infra_error is None, text
    assert outcomes == {"spin": "failed", "fine": "passed"}, text
    assert "timed out" in text
    assert_nothing_left(board)


def test_ten_megabytes_on_both_streams(sshd, make_board, tinyvm, tmp_path):
    size = 10 * 1024 * 1024 + 17
    corpus = write_corpus(tmp_path / "corpus", {"flood": (f"flood {size}\n", b"o" * size)})
    board = make_board(sshd, case_timeout=60)
    suite, text = run(board, tinyvm, corpus, tmp_path)
    assert suite.infra_error is None and suite.passed == 1, text
    assert_nothing_left(board)


def test_board_without_sftp_falls_back(sshd_no_sftp, make_board, tinyvm, small_corpus,
                                       tmp_path):
    board = make_board(sshd_no_sftp)
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert "no SFTP subsystem" in text
    assert suite.infra_error is None and suite.passed == 3, text
    assert_nothing_left(board)


def _hold_lock(board, token: str) -> Path:
    Path(board.work_dir).mkdir(parents=True, exist_ok=True)
    lock = Path(board.work_dir) / ".kiln-lock.0"
    os.symlink(token, lock)
    return lock


def test_held_lock_fails_fast_naming_the_holder(sshd, make_board, tinyvm, small_corpus,
                                                tmp_path):
    board = make_board(sshd, retries=2)
    far = int(time.time()) + 3600
    lock = _hold_lock(board, f"kiln|alice@lab pid 4242|feedbeef|{far}")
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert_infra_only(suite, text, "is busy: locked by alice@lab pid 4242")
    assert suite.properties["attempts"] == "1", "a busy board must not be retried"
    assert os.readlink(lock).startswith("kiln|alice"), "someone else's lock was touched"
    lock.unlink()
    assert_nothing_left(board)


def test_held_lock_is_waited_for(sshd, make_board, tinyvm, small_corpus, tmp_path):
    board = make_board(sshd, lock_wait=30)
    lock = _hold_lock(board, f"kiln|bob@lab pid 7|cafe|{int(time.time()) + 3600}")
    threading.Timer(2.0, lock.unlink).start()
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert "waiting up to 30 s" in text
    assert suite.infra_error is None and suite.passed == 3, text
    assert_nothing_left(board)


def test_expired_lock_is_taken_over(sshd, make_board, tinyvm, small_corpus, tmp_path):
    board = make_board(sshd)
    _hold_lock(board, f"kiln|carol@lab pid 9|dead|{int(time.time()) - 10}")
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert "taking over stale lock" in text
    assert suite.infra_error is None and suite.passed == 3, text
    assert_nothing_left(board)


def _kill_when_running(server: Sshd, board, restart: bool) -> threading.Thread:
    def watch() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not program_running("tinyvm", board.work_dir):
            time.sleep(0.05)
        server.kill()
        if restart:
            server.start()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_sshd_killed_mid_run_is_an_infra_error(sshd, make_board, tinyvm, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"slow": ("sleep 20\nprint x\n", b"x\n")})
    board = make_board(sshd, retries=1, retry_delay=0.5)
    killer = _kill_when_running(sshd, board, restart=False)
    started = time.monotonic()
    suite, text = run(board, tinyvm, corpus, tmp_path)
    killer.join()
    assert time.monotonic() - started < 20, "the dropped connection was not noticed"
    assert_infra_only(suite, text, "cannot connect")
    assert "dropped while running a test case" in text, text
    assert suite.properties["attempts"] == "2"
    assert live_processes_under(board.work_dir) == []


def test_sshd_killed_mid_run_then_retry_succeeds(sshd, make_board, tinyvm, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"slow": ("print x\nsleep 3\n", b"x\n")})
    board = make_board(sshd, retries=2, retry_delay=0.5)
    killer = _kill_when_running(sshd, board, restart=True)
    suite, text = run(board, tinyvm, corpus, tmp_path)
    killer.join()
    assert suite.infra_error is None and suite.passed == 1, text
    assert suite.properties["attempts"] == "2"
    assert "removing what the dropped attempt left" in text
    assert_nothing_left(board)


def test_overall_deadline_cuts_case_deadlines(sshd, make_board, tinyvm, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"a_spin": ("spin\n", b""),
                                                "b_after": ("print ok\n", b"ok\n")})
    board = make_board(sshd, case_timeout=300, run_timeout=3)
    started = time.monotonic()
    suite, text = run(board, tinyvm, corpus, tmp_path)
    assert time.monotonic() - started < 60
    assert "overall deadline (run_timeout)" in text
    assert {c.name: c.outcome for c in suite.cases} == {"a_spin": "failed", "b_after": "failed"}
    assert "not run: the run's overall deadline" in suite.cases[1].message
    assert_nothing_left(board)


def test_second_concurrent_run_fails_fast_naming_the_first(sshd, make_board, tinyvm,
                                                          tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"slow": ("sleep 8\nprint x\n", b"x\n")})
    board = make_board(sshd)
    first: list = []
    thread = threading.Thread(target=lambda: first.append(run(board, tinyvm, corpus,
                                                              tmp_path / "first")))
    thread.start()
    deadline = time.monotonic() + 30
    while not program_running("tinyvm", board.work_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    suite, text = run(board, tinyvm, corpus, tmp_path / "second")
    thread.join()
    assert_infra_only(suite, text, f"pid {os.getpid()} (run ")
    assert "is busy: locked by" in suite.infra_error
    assert first[0][0].passed == 1, first[0][1]
    assert_nothing_left(board)


def test_max_parallel_jobs_admits_concurrent_runs(sshd, make_board, tinyvm, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"slow": ("sleep 3\nprint x\n", b"x\n")})
    board = make_board(sshd, max_parallel_jobs=2)
    results: list = []
    threads = [threading.Thread(target=lambda d=d: results.append(
        run(board, tinyvm, corpus, tmp_path / d))) for d in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r[0].passed for r in results] == [1, 1], [r[1] for r in results]
    assert_nothing_left(board)


def test_board_that_stops_answering_is_an_infra_error(sshd, make_board, tinyvm, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"slow": ("sleep 30\nprint x\n", b"x\n")})
    board = make_board(sshd, case_timeout=2, connect_timeout=3)

    def freeze_when_running() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not program_running("tinyvm", board.work_dir):
            time.sleep(0.05)
        sshd.freeze()

    freezer = threading.Thread(target=freeze_when_running, daemon=True)
    freezer.start()
    started = time.monotonic()
    suite, text = run(board, tinyvm, corpus, tmp_path)
    freezer.join()
    assert time.monotonic() - started < 30, "a silent board made the run hang"
    assert_infra_only(suite, text, "dropped while killing remote process")


def test_known_hosts_mismatch_is_refused(sshd, make_board, tinyvm, small_corpus, tmp_path):
    other = keygen(tmp_path / "other_host_key")
    key = other.with_suffix(".pub").read_text().split()
    known = tmp_path / "known_hosts"
    known.write_text(f"[127.0.0.1]:{sshd.port} {key[0]} {key[1]}\n")
    board = make_board(sshd, host_key_fingerprint=None, known_hosts=str(known))
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert_infra_only(suite, text, "HOST KEY MISMATCH")
    assert sshd.host_fingerprint in suite.infra_error
    assert not Path(board.work_dir).exists()


def test_large_stdin_is_fed_while_output_is_read(sshd, make_board, tinyvm, tmp_path):
    data = bytes(range(256)) * (6 * 4096)    # 6 MB echoed back: neither side may block
    corpus = write_corpus(tmp_path / "corpus", {"echo": ("cat-stdin\n", data)},
                          stdin={"echo": data})
    board = make_board(sshd, case_timeout=60)
    suite, text = run(board, tinyvm, corpus, tmp_path)
    assert suite.infra_error is None and suite.passed == 1, text
    assert_nothing_left(board)


def test_foreign_file_in_the_lock_is_an_error_not_a_hang(sshd, make_board, tinyvm,
                                                         small_corpus, tmp_path):
    board = make_board(sshd)
    (Path(board.work_dir) / ".kiln-lock.0").mkdir(parents=True)   # not a symlink at all
    suite, text = run(board, tinyvm, small_corpus, tmp_path)
    assert_infra_only(suite, text, "is in the way of the board lock")
    (Path(board.work_dir) / ".kiln-lock.0").rmdir()
    assert_nothing_left(board)
