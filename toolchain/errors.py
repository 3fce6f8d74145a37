"""Translation errors: what a user sees when their program leaves the subset.

Every error names the place (file:line), the function, and the construct, in the user's
terms, and is raised as a `KilnError` so front ends print it without a traceback.
"""

from __future__ import annotations

from targets.errors import KilnError

from toolchain.flow.model import Location


class TranslationError(KilnError):
    def __init__(self, message: str, loc: Location | None = None,
                 notes: list[str] | None = None) -> None:
        self.bare_message = message
        self.loc = loc
        self.notes = list(notes or [])
        super().__init__(self._render())

    def _render(self) -> str:
        head = "translation error"
        if self.loc is not None:
            head = f"{self.loc}: in function '{self.loc.funcname}': translation error"
        lines = [f"{head}: {self.bare_message}"]
        lines += [f"  {note}" for note in self.notes]
        return "\n".join(lines)

    def add_note(self, note: str) -> None:  # type: ignore[override]
        self.notes.append(note)
        self.args = (self._render(),)

    def __str__(self) -> str:
        return self._render()
