"""Kiln's translator: Python subset -> flow graphs -> types -> low-level ops -> C."""
