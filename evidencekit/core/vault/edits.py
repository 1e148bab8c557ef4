"""Changes the user makes to a case: its description (from the start), annotations, the exhibit
order, withdrawal, purge. Each is written with its custody entry in one transaction, then the log file is
synced (an fsync and a signature: callers in a UI run these off the UI thread)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TypedDict

from evidencekit.core.clock import utc_iso
from evidencekit.core.models import CaseMeta, Item, Language, Purpose, Respondent
from evidencekit.core.vault import actions, texts
from evidencekit.core.vault.custody import certificate_pem
from evidencekit.core.vault.keys import Keys
from evidencekit.core.vault.actions import Change, FieldValue
from evidencekit.core.vault.context import VaultContext
from evidencekit.core.vault.tables import EDITABLE_FIELDS
from evidencekit.errors import VaultError

def start_case(v: VaultContext, keys: Keys, meta: CaseMeta) -> None:
    """A new case's description and signing identity, and the log's first entry, which declares
    the certificate that signs it."""
    now = v.clock()
    meta = replace(meta, created_at=meta.created_at or utc_iso(now))
    identity = keys.create(meta.claimant_name or meta.title, now=now)
    with v.index.atomic():
        v.tables.meta.put(meta)
        v.custody.append(actions.CaseCreated(meta, identity.fingerprint, certificate_pem(identity.certificate)))
    v.custody.sync()


# What an edit may set: text, an optional time, or the tags (any sequence of strings).
EditValue = str | Sequence[str] | None


def update_item(v: VaultContext, item_id: int, fields: Mapping[str, EditValue]) -> Item:
    """Change what the user says about an item; see ``Case.update_item``."""
    bad = set(fields) - set(EDITABLE_FIELDS)
    if bad:
        raise VaultError(f"cannot edit {', '.join(sorted(bad))}")
    old = v.item(item_id)
    changes: dict[str, Change] = {}
    for name, raw in fields.items():
        value: FieldValue = tuple(str(t) for t in raw) if name == "tags" and raw is not None else _text(name, raw)
        before: FieldValue = getattr(old, name)
        if before != value:
            changes[name] = Change(before, value)
    if not changes:
        return old
    with v.index.atomic():
        v.tables.items.update(item_id, {name: c.new for name, c in changes.items()})
        v.custody.append(actions.AnnotationChanged(changes), item_id=item_id, sha256=old.sha256)
        v.index_notes(v.item(item_id))
        if "received_by" in changes:
            # the labels the case list shows read it as the bundle's 证明目的 does
            texts.relabel(v, item_id)
    v.custody.sync()
    return v.item(item_id)


def _text(name: str, raw: EditValue) -> str | None:
    if raw is None or isinstance(raw, str):
        return raw
    raise VaultError(f"{name} must be text")


def move_item(v: VaultContext, item_id: int, new_index: int) -> None:
    """Move an item in the exhibit order; see ``Case.move_item``."""
    rows = v.tables.items.order()
    order = [iid for iid, _ in rows]
    if item_id not in order:
        raise VaultError(f"no item {item_id} in this case")
    old_index = order.index(item_id)
    order.remove(item_id)
    new_index = max(0, min(new_index, len(order)))
    order.insert(new_index, item_id)
    if new_index == old_index:
        return
    current = dict(rows)
    changed = [(i + 1, iid) for i, iid in enumerate(order) if current[iid] != i + 1]
    with v.index.atomic():
        v.tables.items.set_positions(changed)
        v.custody.append(actions.AnnotationChanged(moved_from=old_index, moved_to=new_index), item_id=item_id)
    v.custody.sync()


def withdraw(v: VaultContext, item_id: int, reason: str) -> Item:
    it = v.item(item_id)
    with v.index.atomic():
        v.tables.items.set_withdrawn(item_id, True, reason)
        v.custody.append(actions.ItemWithdrawn(reason), item_id=item_id, sha256=it.sha256)
    v.custody.sync()
    return v.item(item_id)


def restore(v: VaultContext, item_id: int) -> Item:
    it = v.item(item_id)
    with v.index.atomic():
        v.tables.items.set_withdrawn(item_id, False)
        v.custody.append(actions.ItemRestored(), item_id=item_id, sha256=it.sha256)
    v.custody.sync()
    return v.item(item_id)


def purge(v: VaultContext, item_id: int, *, confirm: str, reason: str) -> None:
    """Delete an item and its original for good; see ``Case.purge``."""
    it = v.item(item_id)
    if confirm != it.short_digest:
        raise VaultError(f"to purge item {item_id}, confirm with its digest {it.short_digest}")
    with v.index.atomic():
        v.tables.items.delete(item_id)
        v.tables.search.remove(item_id)
        v.custody.append(actions.ItemPurged(it.original_name, reason), item_id=item_id, sha256=it.sha256)
    v.custody.sync()
    v.store.discard(it.sha256, item_id)


class MetaFields(TypedDict, total=False):
    """What a change of the case's description may give (a respondent may be just a name)."""

    title: str
    claimant_name: str
    claimant_phone: str
    claimant_other_names: Sequence[str]
    respondents: Sequence[Respondent | str]
    purpose: Purpose
    language: Language


def update_meta(v: VaultContext, fields: MetaFields) -> CaseMeta:
    """Change the case's description; see ``Case.update_meta``."""
    from evidencekit.core.analysis.addressing import claimant_forms

    old = v.tables.meta.get()
    people = fields.get("respondents")
    new = replace(
        old,
        title=fields.get("title", old.title),
        claimant_name=fields.get("claimant_name", old.claimant_name),
        claimant_phone=fields.get("claimant_phone", old.claimant_phone),
        claimant_other_names=tuple(n.strip() for n in fields.get("claimant_other_names", old.claimant_other_names)
                                   if n.strip()),
        respondents=old.respondents if people is None else tuple(
            r if isinstance(r, Respondent) else Respondent(r) for r in people),
        purpose=fields.get("purpose", old.purpose),
        language=fields.get("language", old.language),
    )
    with v.index.atomic():
        v.tables.meta.put(new)
        if claimant_forms(new) != claimant_forms(old):
            # whose phone it is decides whether a notice is misdirected: the case list's labels
            # are read again with the new names, in this transaction (the names are read from it)
            texts.relabel_all(v)
        v.custody.append(actions.CaseUpdated(new))
    v.custody.sync()
    return new
