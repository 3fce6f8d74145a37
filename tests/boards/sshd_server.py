"""A real OpenSSH sshd on 127.0.0.1 for board tests: generated host and user keys, a
non-root-friendly config, optional SFTP subsystem, and helpers to kill it mid-run."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

SFTP_SERVER = "/usr/lib/openssh/sftp-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keygen(path: Path) -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", path.name,
                    "-f", str(path)], check=True)
    return path


def fingerprint(pub: Path) -> str:
    out = subprocess.run(["ssh-keygen", "-lf", str(pub)], check=True, capture_output=True,
                         text=True).stdout
    return out.split()[1]


@dataclass
class Sshd:
    """One sshd process; `start` may be called again after `kill` (same port, same keys)."""

    root: Path
    sftp: bool = True
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.host_key = keygen(self.root / "host_key")
        self.user_key = keygen(self.root / "user_key")
        self.host_fingerprint = fingerprint(self.root / "host_key.pub")
        (self.root / "authorized_keys").write_text((self.root / "user_key.pub").read_text())
        lines = [
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {self.host_key}",
            f"PidFile {self.root / 'sshd.pid'}",
            f"AuthorizedKeysFile {self.root / 'authorized_keys'}",
            "UsePAM no",
            "StrictModes no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "AllowTcpForwarding yes",
            "MaxStartups 50",
            "MaxSessions 50",
            "LogLevel ERROR",
        ]
        if self.sftp:
            lines.append(f"Subsystem sftp {SFTP_SERVER}")
        self.config = self.root / "sshd_config"
        self.config.write_text("\n".join(lines) + "\n")

    def start(self) -> None:
        # As root, sshd insists on its privilege-separation directory.
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self.proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(self.config)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sshd exited with {self.proc.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("sshd did not start listening")

    def children(self) -> list[int]:
        """The per-connection sshd processes (and their descendants) of this server."""
        if self.proc is None:
            return []
        found, frontier = [], [self.proc.pid]
        while frontier:
            parent = frontier.pop()
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                if ppid == parent:
                    found.append(int(entry.name))
                    frontier.append(int(entry.name))
        return found

    def kill(self) -> None:
        """Kill the listener and every live connection, like a board losing power."""
        if self.proc is None:
            return
        for pid in [self.proc.pid, *self.children()]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        self.kill()

    def freeze(self) -> list[int]:
        """Stop (SIGSTOP) every per-connection sshd: the board stops answering but the TCP
        connections stay open, like a board that hung or lost its network silently."""
        frozen = []
        for pid in self.children():
            try:
                if Path(f"/proc/{pid}/comm").read_text().strip() == "sshd":
                    os.kill(pid, signal.SIGSTOP)
                    frozen.append(pid)
            except (OSError, ProcessLookupError):
                continue
        return frozen
