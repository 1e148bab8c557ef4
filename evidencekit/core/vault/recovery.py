"""What a writable open repairs before anything else is written: what an interrupted process left,
a case found older than this computer last saw it, permissions other users could read through.
Every repair is logged."""

from __future__ import annotations

import logging

from evidencekit.core import scratch
from evidencekit.core.vault import actions, exports, folder, heads
from evidencekit.core.vault.context import VaultContext

log = logging.getLogger(__name__)


def recover(v: VaultContext) -> list[str]:
    """Repair, at a writable open: a torn or short ``custody.jsonl``; a rollback this computer can
    see (``heads``); exports half done (``exports.recover``); ``tmp/`` files and objects no item
    refers to; group or other permissions on the case; and, outside it, what killed runs left in the
    temporary folder (``scratch.sweep``). Each is logged.

    Returns:
        Each repair, in words.
    """
    done: list[str] = []
    # before anything is written: a write makes this computer's record name the new entry
    seen = _rollback_seen(v)
    if v.custody.repair():
        done.append("custody.jsonl: torn last line completed from the index")
    v.custody.sync()
    if seen is not None:
        log.warning("case %s is older than this computer last saw it: entry %d of %s", v.path, seen.seq, seen.at)
        # the entry goes into the chain: the rollback travels with the case, into its bundles
        v.custody.record(actions.RollbackSeen(seen.seq, seen.hash, seen.at, seen.path))
        done.append(f"this computer last saw entry {seen.seq} of this case ({seen.at}, {seen.path}), which this "
                    "folder does not hold: it is an older copy, or was put back as it was earlier (logged)")
    done += exports.recover(v)  # before tmp/ is emptied: the export journals are there
    removed = v.store.remove_leftovers(v.tables.items.digests())
    if removed:
        done.extend(f"removed leftover of an interrupted import: {r}" for r in removed)
        v.custody.record(actions.Recovered(tuple(removed[:200]), len(removed)))
    done += _tighten(v)
    # outside the case, and maybe of another case: pages and index copies killed runs left in
    # the temporary folder (logged by sweep, not in this case's chain)
    scratch.sweep()
    return done


def _rollback_seen(v: VaultContext) -> heads.HeadRecord | None:
    """This computer's record of the case when it names an entry the case's log lacks."""
    case_id = v.custody.case_id()
    seen = heads.recall(case_id) if case_id else None
    if seen is None or v.custody.table.hash_at(seen.seq) == seen.hash:
        return None
    return seen


def _tighten(v: VaultContext) -> list[str]:
    """Owner-only permissions on a case made before they were the rule (or loosened since)."""
    try:
        # a case folder others can enter: everything in it may be readable, look at all of it
        deep = bool(v.path.stat().st_mode & 0o077)
        changed = folder.tighten(v.path, deep=deep)
    except OSError as e:
        log.warning("could not make the case %s owner-only: %s", v.path, e)
        return []
    if not changed:
        return []
    v.custody.record(actions.AccessRestricted(tuple(changed[:200]), len(changed)))
    return [f"made {len(changed)} files and folders of the case readable by their owner only (logged)"]
