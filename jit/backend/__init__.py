"""Machine-code backends: one directory per target ISA, sharing `codebuf`."""
