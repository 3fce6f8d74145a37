"""The x86-64 backend (SysV ABI, SSE2 floats)."""
