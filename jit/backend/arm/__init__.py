"""The 32-bit ARM backend: ARMv7-A with VFP (armhf, armel-vfp) and the ARMv5TE subset (armel)."""
