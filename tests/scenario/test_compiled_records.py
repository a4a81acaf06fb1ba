"""The compiled scenario's records keep their frozen dataclass behaviour with the quicker
`__init__` (scenario/compiled.py `_quick_init`)."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from tabletop.scenario import compiled

RECORDS = [
    cls
    for cls in vars(compiled).values()
    if inspect.isclass(cls)
    and cls.__module__ == compiled.__name__
    and dataclasses.is_dataclass(cls)
    and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
]


def test_every_frozen_record_has_the_quick_init() -> None:
    assert len(RECORDS) == 11
    made_by = {cls.__init__.__code__.co_filename for cls in RECORDS}
    assert made_by == {f"<{cls.__name__}.__init__>" for cls in RECORDS}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__name__)
def test_a_record_is_made_as_the_dataclass_would_make_it(cls: type) -> None:
    parts = dataclasses.fields(cls)
    values = {part.name: object() for part in parts}
    made = cls(*values.values())
    assert vars(made) == values
    assert made == cls(**values) and hash(made) == hash(cls(**values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, parts[0].name, None)
    required = [p for p in parts if p.default is dataclasses.MISSING]
    fewest = cls(*(values[p.name] for p in required))
    for part in parts[len(required) :]:  # defaults as declared
        assert getattr(fewest, part.name) == part.default


def test_a_record_the_quick_init_cannot_make_is_refused() -> None:
    """A field it would leave out or make positional is refused when the class is made."""

    @dataclasses.dataclass(frozen=True)
    class Made:
        items: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Named:
        value: int = 0

    for cls in (Made, Named):
        with pytest.raises(TypeError, match="positional parameter"):
            compiled._quick_init(cls)
