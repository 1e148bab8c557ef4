"""Correcting a reading (c on the evidence list) opens with the picture in view: the bubble of
the message being corrected beside the reading, above it on a narrow screen, and that message
whole on screen (who sent it, its time, its text) — never scrolled past. The picture follows the
person from one message to the next."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.geometry import Region

from evidencekit.tui.screens.item import ItemScreen
from evidencekit.tui.widgets.bubble import BubbleView, bubble_scale
from evidencekit.tui.widgets.pixels import HalfBlocks
from evidencekit.tui.widgets.reading import ReadingArea

from .conftest import settle


def inside(inner: Region, outer: Region) -> bool:
    return outer.contains_region(inner)


async def correcting(app, pilot) -> ItemScreen:  # type: ignore[no-untyped-def]
    await settle(pilot, app, rounds=4)
    await pilot.press("home", "c")
    await settle(pilot, app, rounds=4)
    await pilot.pause(0.2)
    screen = app.screen
    assert isinstance(screen, ItemScreen)
    return screen


@pytest.mark.parametrize(("size", "above"), [((80, 24), True), ((60, 20), True), ((120, 40), False)])
async def test_the_picture_and_the_message_being_corrected_are_in_view(app_factory, read_case: Path,
                                                                        size: tuple[int, int], above: bool) -> None:
    app = app_factory(read_case, language="zh-Hans")
    async with app.run_test(size=size) as pilot:
        screen = await correcting(app, pilot)
        view = screen.query_one(BubbleView)
        picture = view.query_one(HalfBlocks).region
        side = screen.query_one("#item-side", VerticalScroll)
        assert picture.height >= 4 and picture.width >= 20  # there, and large enough to see
        if above:
            assert picture.bottom <= side.region.y and picture.width >= size[0] - 2
        else:
            assert picture.right <= side.region.x
        focused = screen.focused
        assert isinstance(focused, ReadingArea) and focused.id is not None
        i = int(focused.id.removeprefix("msg-"))
        assert view.index == i
        shown = side.content_region
        assert inside(focused.region, shown), (focused.region, shown)
        assert inside(screen.query_one(f"#who-{i}").region, shown)  # who sent it: not scrolled past
        # the picture is on the message's bubble, its first line at the top, as wide as fits
        box = view.boxes[i]
        assert view.query_one(HalfBlocks).scale == pytest.approx(bubble_scale(box, view.texts[i], picture.width))


async def test_the_picture_follows_the_message_being_corrected(app_factory, read_case: Path) -> None:
    app = app_factory(read_case, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await correcting(app, pilot)
        view = screen.query_one(BubbleView)
        first = view.query_one(HalfBlocks).centre
        await pilot.press("tab")
        await settle(pilot, app)
        focused = screen.focused
        assert isinstance(focused, ReadingArea) and focused.id == "msg-1"
        assert view.index == 1 and view.query_one(HalfBlocks).centre != first
        assert "Message 2 of" in str(view.query_one("#bubble-hint").render())


async def test_looking_without_correcting_keeps_the_whole_picture(app_factory, read_case: Path) -> None:
    app = app_factory(read_case, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("home", "enter")
        await settle(pilot, app, rounds=4)
        screen = app.screen
        assert isinstance(screen, ItemScreen) and not screen.query(BubbleView)
