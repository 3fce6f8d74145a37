"""Lowering: annotations become low-level C types, operations become low-level ops."""
