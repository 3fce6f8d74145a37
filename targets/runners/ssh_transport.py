"""SSH transport for board runs: connect (optionally through a jump host) with verified host
keys, run remote commands with deadlines, and upload files.

This module owns everything that touches paramiko. It knows nothing about corpora, locks or
retries; every failure of the link itself is raised as an `InfraError` subclass so the
callers can keep infrastructure trouble apart from test failures.

Host keys are never accepted silently. The default policy is paramiko's `RejectPolicy`; a
board may pin a fingerprint or name a known_hosts file; accepting an unknown key is only
possible through the per-board `insecure_accept_host_key` opt-in, and the caller is told.
"""

from __future__ import annotations

import logging
import select
import shlex
import socket
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import paramiko

from targets.runners.base import InfraError

Report = Callable[[str], None]

# paramiko logs transport-thread failures (with tracebacks) through Python's last-resort
# handler; every such failure reaches the user as one of the errors below instead.
logging.getLogger("paramiko").addHandler(logging.NullHandler())

# Marker printed by the remote shell before it execs the command, so that we learn the
# process-group id to kill when a deadline passes (sshd makes each session a new group).
_PID_MARKER = b"KILN-PID "
_READ_CHUNK = 1 << 16


class ConnectError(InfraError):
    """The board could not be reached or the SSH handshake failed."""


class AuthError(InfraError):
    """The board refused our key."""


class HostKeyError(InfraError):
    """The board's host key is unknown or does not match the pinned one."""


class ConnectionDropped(InfraError):
    """The connection went away while a command was running."""


@dataclass(frozen=True)
class Endpoint:
    """Where and how to log in: a board or a jump host."""

    label: str                      # "board pi4" or "jump host of board pi4", for messages
    host: str
    port: int
    user: str
    key_file: Path
    host_key_fingerprint: str | None = None   # "SHA256:..." as `ssh-keygen -lf` prints it
    known_hosts: Path | None = None
    insecure_accept_host_key: bool = False


@dataclass
class ExecResult:
    returncode: int
    stdout: bytes
    stderr: bytes
    duration: float
    timed_out: bool
    pid: int | None


class _RejectUnknownHostKey(paramiko.RejectPolicy):
    """RejectPolicy, but the error names the board and the key it was offered."""

    def __init__(self, endpoint: Endpoint) -> None:
        self._endpoint = endpoint

    def missing_host_key(self, client, hostname, key) -> None:
        ep = self._endpoint
        where = f"known_hosts file {ep.known_hosts}" if ep.known_hosts else "no pinned key"
        raise HostKeyError(
            f"{ep.label}: host key {key.get_name()} {key.fingerprint} of {ep.host}:{ep.port} "
            f"is not trusted ({where}). Pin it with host_key_fingerprint after checking it on "
            f"the board (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub)."
        )


class _PinnedFingerprintPolicy(paramiko.MissingHostKeyPolicy):
    """Accept exactly one key: the one whose SHA256 fingerprint the board file pins."""

    def __init__(self, endpoint: Endpoint) -> None:
        self._endpoint = endpoint

    def missing_host_key(self, client, hostname, key) -> None:
        ep = self._endpoint
        if key.fingerprint != ep.host_key_fingerprint:
            raise HostKeyError(
                f"{ep.label}: HOST KEY MISMATCH for {ep.host}:{ep.port}: the board offered "
                f"{key.get_name()} {key.fingerprint}, the board file pins "
                f"{ep.host_key_fingerprint}. Refusing to connect."
            )


class _InsecureAcceptHostKeyPolicy(paramiko.MissingHostKeyPolicy):
    """Only for boards with `insecure_accept_host_key: true`: take any key, but say so."""

    def __init__(self, endpoint: Endpoint, report: Report) -> None:
        self._endpoint = endpoint
        self._report = report

    def missing_host_key(self, client, hostname, key) -> None:
        ep = self._endpoint
        self._report(
            f"WARNING: {ep.label}: insecure_accept_host_key is in effect; accepted unverified "
            f"host key {key.get_name()} {key.fingerprint} of {ep.host}:{ep.port}"
        )


def check_key_permissions(endpoint: Endpoint, report: Report) -> None:
    """Warn (like ssh does) when a private key is readable by others."""
    try:
        mode = endpoint.key_file.stat().st_mode
    except OSError as exc:
        raise AuthError(f"{endpoint.label}: cannot read key file {endpoint.key_file}: "
                        f"{exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        report(f"WARNING: {endpoint.label}: key file {endpoint.key_file} has permissions "
               f"{stat.S_IMODE(mode):04o}; it should be readable by its owner only "
               f"(chmod 600 {endpoint.key_file})")


def _load_key(endpoint: Endpoint) -> paramiko.PKey:
    try:
        return paramiko.PKey.from_path(endpoint.key_file)
    except paramiko.PasswordRequiredException:
        raise AuthError(f"{endpoint.label}: key file {endpoint.key_file} is encrypted; "
                        f"use a key without a passphrase for unattended runs") from None
    except (OSError, paramiko.SSHException, ValueError) as exc:
        raise AuthError(f"{endpoint.label}: cannot load key file {endpoint.key_file}: "
                        f"{exc}") from None


def _open_client(endpoint: Endpoint, sock, timeout: float, report: Report) -> paramiko.SSHClient:
    check_key_permissions(endpoint, report)
    pkey = _load_key(endpoint)
    client = paramiko.SSHClient()
    # Never consult ~/.ssh/known_hosts or an agent implicitly: the board file is the whole
    # statement of trust.
    if endpoint.insecure_accept_host_key:
        client.set_missing_host_key_policy(_InsecureAcceptHostKeyPolicy(endpoint, report))
    elif endpoint.host_key_fingerprint:
        client.set_missing_host_key_policy(_PinnedFingerprintPolicy(endpoint))
    else:
        if endpoint.known_hosts:
            try:
                client.load_host_keys(str(endpoint.known_hosts))
            except (OSError, paramiko.SSHException) as exc:
                raise HostKeyError(f"{endpoint.label}: cannot read known_hosts file "
                                   f"{endpoint.known_hosts}: {exc}") from None
        client.set_missing_host_key_policy(_RejectUnknownHostKey(endpoint))
    try:
        client.connect(endpoint.host, endpoint.port, username=endpoint.user, pkey=pkey,
                       sock=sock, timeout=timeout, banner_timeout=timeout,
                       auth_timeout=timeout, channel_timeout=timeout,
                       allow_agent=False, look_for_keys=False)
    except InfraError:
        client.close()
        raise
    except paramiko.BadHostKeyException as exc:
        client.close()
        raise HostKeyError(
            f"{endpoint.label}: HOST KEY MISMATCH for {endpoint.host}:{endpoint.port}: got "
            f"{exc.key.fingerprint}, {endpoint.known_hosts} expects "
            f"{exc.expected_key.fingerprint}. Refusing to connect.") from None
    except paramiko.AuthenticationException:
        client.close()
        raise AuthError(f"{endpoint.label}: {endpoint.user}@{endpoint.host}:{endpoint.port} "
                        f"refused key {endpoint.key_file}") from None
    except (OSError, EOFError, paramiko.SSHException) as exc:
        client.close()
        raise ConnectError(f"{endpoint.label}: cannot connect to {endpoint.host}:"
                           f"{endpoint.port}: {exc or type(exc).__name__}") from None
    return client


class Connection:
    """One logged-in SSH connection to a board, possibly tunnelled through a jump host."""

    def __init__(self, endpoint: Endpoint, jump: Endpoint | None = None,
                 timeout: float = 15.0, keepalive: int = 5,
                 report: Report = lambda line: None) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self._report = report
        self._jump_client: paramiko.SSHClient | None = None
        sock = None
        if jump is not None:
            self._jump_client = _open_client(jump, None, timeout, report)
            try:
                sock = self._jump_client.get_transport().open_channel(
                    "direct-tcpip", (endpoint.host, endpoint.port), ("127.0.0.1", 0),
                    timeout=timeout)
            except (OSError, EOFError, paramiko.SSHException) as exc:
                self._jump_client.close()
                raise ConnectError(f"{endpoint.label}: jump host {jump.host}:{jump.port} "
                                   f"could not open a tunnel to {endpoint.host}:"
                                   f"{endpoint.port}: {exc}") from None
        try:
            self._client = _open_client(endpoint, sock, timeout, report)
        except InfraError:
            if self._jump_client is not None:
                self._jump_client.close()
            raise
        # Keepalives keep NAT and firewall state alive through long silent cases.
        self._client.get_transport().set_keepalive(keepalive)
        self._sftp: paramiko.SFTPClient | None = None
        self._sftp_tried = False
        # Remote process groups started and not yet seen to end: if the link drops, the
        # caller hands them to the next connection to kill.
        self.running: set[int] = set()

    @property
    def alive(self) -> bool:
        transport = self._client.get_transport()
        return transport is not None and transport.is_active()

    def close(self) -> None:
        if self._sftp is not None:
            self._sftp.close()
        self._client.close()
        if self._jump_client is not None:
            self._jump_client.close()

    def _dropped(self, what: str) -> ConnectionDropped:
        ep = self.endpoint
        return ConnectionDropped(f"{ep.label}: connection to {ep.host}:{ep.port} dropped "
                                 f"while {what}")

    def _open_channel(self, what: str) -> paramiko.Channel:
        try:
            return self._client.get_transport().open_session(timeout=self.timeout)
        except (OSError, EOFError, AttributeError, paramiko.SSHException):
            raise self._dropped(what) from None

    def run(self, script: str, stdin: bytes = b"", timeout: float = 60.0,
            what: str | None = None) -> ExecResult:
        """Run a POSIX sh script; on deadline kill its whole remote process group."""
        what = what or f"running {script[:60]!r}"
        chan = self._open_channel(what)
        started = time.monotonic()
        deadline = started + timeout
        try:
            chan.exec_command(f"printf '{_PID_MARKER.decode()}%s\\n' $$; "
                              f"exec sh -c {shlex.quote(script)}")
        except (OSError, EOFError, paramiko.SSHException):
            chan.close()
            raise self._dropped(what) from None
        feeder = threading.Thread(target=_feed_stdin, args=(chan, stdin), daemon=True)
        feeder.start()
        out, err = bytearray(), bytearray()
        pid: int | None = None
        timed_out = False
        try:
            while True:
                # Drain both streams every round: they share one flow-control window, so
                # leaving one unread would stall the other.
                progressed = False
                while chan.recv_ready():
                    out += chan.recv(_READ_CHUNK)
                    progressed = True
                while chan.recv_stderr_ready():
                    err += chan.recv_stderr(_READ_CHUNK)
                    progressed = True
                if pid is None:
                    pid, out = _take_pid(out)
                    if pid is not None:
                        self.running.add(pid)
                # Exit status can overtake the last stderr bytes; EOF comes after both.
                if chan.exit_status_ready() and chan.eof_received and not chan.recv_ready() \
                        and not chan.recv_stderr_ready():
                    break
                if chan.closed or not self.alive:
                    raise self._dropped(what)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    self.kill(pid)
                    break
                if not progressed:
                    select.select([chan], [], [], min(remaining, 0.2))
            if timed_out:
                returncode = -9
            else:
                returncode = chan.recv_exit_status()
                if returncode == -1 and not self.alive:
                    raise self._dropped(what)
            self.running.discard(pid)
        finally:
            chan.close()
        return ExecResult(returncode, bytes(out), bytes(err), time.monotonic() - started,
                          timed_out, pid)

    def kill(self, pid: int | None) -> None:
        """Kill a remote process group (and the process, in case it left its group)."""
        if pid is None:
            return
        self.run(f"kill -9 -{pid} {pid} 2>/dev/null; true", timeout=self.timeout,
                 what=f"killing remote process {pid}")

    def check(self, command: str, what: str, stdin: bytes = b"") -> bytes:
        """Run a housekeeping command that must succeed; its failure is an InfraError."""
        result = self.run(command, stdin=stdin, timeout=self.timeout, what=what)
        if result.timed_out or result.returncode != 0:
            detail = result.stderr.decode(errors="replace").strip() or \
                ("timed out" if result.timed_out else f"exit status {result.returncode}")
            raise InfraError(f"{self.endpoint.label}: {what} failed: {detail}")
        return result.stdout

    def upload(self, local: Path, remote: str, mode: int) -> None:
        """Copy a file to the board: SFTP where the board has it, else `cat` over exec."""
        what = f"uploading {local.name}"
        sftp = self._sftp_client()
        if sftp is not None:
            try:
                sftp.put(str(local), remote)
                sftp.chmod(remote, mode)
                return
            except (OSError, EOFError, paramiko.SSHException) as exc:
                if not self.alive:
                    raise self._dropped(what) from None
                raise InfraError(f"{self.endpoint.label}: {what} to {remote} failed: "
                                 f"{exc}") from None
        q = shlex.quote(remote)
        self.check(f"cat > {q}.part && chmod {mode:o} {q}.part && mv {q}.part {q}", what,
                   stdin=local.read_bytes())

    def _sftp_client(self) -> paramiko.SFTPClient | None:
        if not self._sftp_tried:
            self._sftp_tried = True
            try:
                self._sftp = self._client.open_sftp()
            except (OSError, EOFError, paramiko.SSHException):
                if not self.alive:
                    raise self._dropped("opening SFTP") from None
                self._report(f"{self.endpoint.label}: no SFTP subsystem; uploading over "
                             f"the shell instead")
        return self._sftp


def _feed_stdin(chan: paramiko.Channel, data: bytes) -> None:
    # A thread of its own: a large stdin must not block reading the outputs.
    try:
        if data:
            chan.sendall(data)
        chan.shutdown_write()
    except (OSError, EOFError, socket.error, paramiko.SSHException):
        pass  # the reader notices the dead channel and reports it


def _take_pid(out: bytearray) -> tuple[int | None, bytearray]:
    newline = out.find(b"\n")
    if newline < 0 or not out.startswith(_PID_MARKER):
        return None, out
    try:
        pid = int(out[len(_PID_MARKER):newline])
    except ValueError:
        return None, out
    return pid, out[newline + 1:]
