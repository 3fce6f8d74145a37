"""Kiln's targets: what each target is (configs), where its C is compiled
(environments), where its binaries run (runners), and how a corpus is checked there."""
