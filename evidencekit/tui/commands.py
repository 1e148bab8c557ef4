"""Command palette: every key binding of the current screen and the app, by its name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from evidencekit.tui.i18n import _


class ActionsProvider(Provider):
    """Offers each action bound on the screen the palette was opened from, plus the app's."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        seen: set[str] = set()
        for node in (self.screen, self.app):
            for binding in getattr(node, "BINDINGS", ()):
                key, action, description = (
                    (binding.key, binding.action, binding.description)
                    if hasattr(binding, "action")
                    else (binding[0], binding[1], binding[2] if len(binding) > 2 else "")
                )
                if not description or action in seen:
                    continue
                seen.add(action)
                shown_key = key.split(",")[0].replace("question_mark", "?").replace("slash", "/")
                yield _(description), f"{_('Key')}: {shown_key}", partial(node.run_action, action)

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
