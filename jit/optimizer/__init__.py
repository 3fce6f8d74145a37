"""The trace optimizer: one module per pass, driven by `optimizer.optimize_trace`."""
