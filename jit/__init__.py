"""The meta-tracing JIT: host-side codewriter, runtime, optimizer and machine-code backends."""
