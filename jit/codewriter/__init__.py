"""The codewriter: turns the rtyped graphs the portal reaches into jitcodes (host, at
translation time), and the jitcode format both the tracer and the blackhole run."""
