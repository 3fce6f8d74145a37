"""What interpreters written in the subset import (the RPython ``rlib`` equivalent)."""
