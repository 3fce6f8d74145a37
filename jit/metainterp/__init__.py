"""The JIT runtime's meta-interpreter: trace IR, tracer, blackhole interpreter, resume data."""
