"""The CI matrix: `configs/ci.yaml` expanded into jobs (`ci.matrix`), written out as GitHub
Actions and GitLab CI pipelines (`ci.generate`), and run on this machine (`ci.run`)."""
