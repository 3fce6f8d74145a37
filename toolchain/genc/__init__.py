"""C generation from low-level graphs."""
