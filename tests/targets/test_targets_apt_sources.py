"""Which of the host's apt sources seed the private sysroot apt state: only a release's
main suite, from either sources format, never -security or -updates."""

from __future__ import annotations

from pathlib import Path

from targets.environments.sysroot import AptSource, main_suite_sources

KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"


def make_etc(tmp_path: Path, one_line: str | None = None,
             parts: dict[str, str] | None = None) -> Path:
    etc = tmp_path / "apt"
    (etc / "sources.list.d").mkdir(parents=True)
    if one_line is not None:
        (etc / "sources.list").write_text(one_line)
    for name, text in (parts or {}).items():
        (etc / "sources.list.d" / name).write_text(text)
    return etc


def test_deb822_like_this_machine(tmp_path: Path) -> None:
    etc = make_etc(tmp_path, parts={"debian.sources": f"""\
Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: {KEYRING}

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: {KEYRING}
"""})
    assert main_suite_sources(etc) == [
        AptSource("http://deb.debian.org/debian", "bookworm", (KEYRING,))]


def test_one_line_format_with_options(tmp_path: Path) -> None:
    etc = make_etc(tmp_path, one_line=f"""\
# a comment
deb [arch=amd64 signed-by={KEYRING}] http://mirror.example/debian bookworm main contrib
deb-src http://mirror.example/debian bookworm main
deb http://security.debian.org/debian-security bookworm-security main
deb http://mirror.example/debian bookworm-updates main
deb [ trusted=yes ] http://other.example/debian bookworm contrib
deb http://old.example/debian stable/updates main
""")
    assert main_suite_sources(etc) == [
        AptSource("http://mirror.example/debian", "bookworm", (KEYRING,))]


def test_disabled_stanza_and_embedded_key(tmp_path: Path) -> None:
    etc = make_etc(tmp_path, parts={
        "a.sources": """\
Types: deb
URIs: http://off.example/debian
Suites: bookworm
Components: main
Enabled: no

Types: deb deb-src
URIs: http://on.example/debian
Suites: bookworm
Components: main non-free
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mQINBF
 -----END PGP PUBLIC KEY BLOCK-----
""",
        "b.list": "deb http://list.example/debian trixie main\n"})
    sources = main_suite_sources(etc)
    assert [(s.uri, s.suite) for s in sources] == [("http://list.example/debian", "trixie"),
                                                   ("http://on.example/debian", "bookworm")]
    key = sources[1].signed_by
    assert key[0] == "-----BEGIN PGP PUBLIC KEY BLOCK-----" and key[-1].startswith("-----END")
    rendered = sources[1].deb822()
    assert "Signed-By: -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mQINBF\n" in rendered
    assert "Components: main\n" in rendered


def test_duplicates_collapse_and_nothing_found(tmp_path: Path) -> None:
    line = "deb http://m.example/debian bookworm main\n"
    etc = make_etc(tmp_path, one_line=line + line)
    assert len(main_suite_sources(etc)) == 1
    assert main_suite_sources(make_etc(tmp_path / "empty")) == []


def test_this_machine_has_a_main_suite() -> None:
    sources = main_suite_sources()
    assert sources, "the host's apt sources have no main suite"
    assert not any("security" in s.suite or "updates" in s.suite for s in sources)
