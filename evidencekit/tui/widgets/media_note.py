"""The preview's lines about what a screenshot's messages are corroborated by, and about what the
media screen holds for a recording, an export, an email or a document (Enter opens it)."""

from __future__ import annotations


from evidencekit.core.analysis.corroboration import message_links
from evidencekit.core.export.media_pages import corroborated
from evidencekit.core.export.strings import strings
from evidencekit.core.models import Item
from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import _, current_language
from evidencekit.tui.markup import escape


def media_note(case: Case, item: Item) -> str:
    """Markup for the preview (call in a worker: it reads the case); "" when there is nothing to say."""
    if item.kind == "image":
        return _corroborated(case, item)
    m = case.media.of(item.id)
    if m is None:
        return ""
    if m.transcript is not None and m.transcript.segments:
        t = m.transcript
        state = {"draft": _("machine-made draft, not yet confirmed"), "confirmed": _("confirmed by you")}.get(
            t.status, _("typed by you"))
        first = " ".join(t.segments[0].text.split())[:60]
        return f"[b]{_('Transcript')}[/b] ({state})\n{escape(first)}…\n[dim]{_('Enter opens it.')}[/dim]"
    if m.records:
        return f"[dim]{_('{n} messages and calls. Enter lists them.').replace('{n}', str(len(m.records)))}[/dim]"
    if item.kind in ("audio", "video"):
        return f"[dim]{_('No transcript yet. Enter opens the editor.')}[/dim]"
    if m.email is not None or m.document is not None:
        return f"[dim]{_('Enter shows the text.')}[/dim]"
    return ""


def _corroborated(case: Case, item: Item) -> str:
    exhibits = case.exhibits_with_text()
    mine = [ln for ln in message_links(exhibits) if ln.screenshot_item == item.id]
    if not mine:
        return ""
    s = strings(current_language())
    what = {ex.item.id: s(f"media.format.{ex.media.export.format}") for ex in exhibits
            if ex.media is not None and ex.media.export is not None}
    lines = [f"[b $success]✓[/] {ln.message_index + 1}. " + escape(
        corroborated(s, ln, what.get(ln.export_item, ""))) for ln in mine[:20]]  # the bundle's words
    return "\n".join(lines)
