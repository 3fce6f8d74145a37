"""Whole-program type inference: the annotation lattice, class definitions, the engine and its rules."""
