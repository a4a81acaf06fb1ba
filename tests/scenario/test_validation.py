"""Scenario validation: one bad file per failure class, each with its line and message.

Every file in tests/data/bad/ is a copy of tests/data/mini.toml with one defect (line 2
of each says which), so the line numbers point into the middle of a real scenario.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tabletop.scenario.load import load_scenario, parse_scenario
from tabletop.scenario.problems import Problem, ScenarioError

from ..conftest import DATA, MINI

BAD = DATA / "bad"

# (file, expected line or None, expected field path, expected message fragment)
CASES: list[tuple[str, int | None, str, str]] = [
    # unknown keys, with did-you-mean
    ("unknown_key.toml", 94, "moves[gamble].limt", "unknown key 'limt' (did you mean 'limit'?)"),
    (
        "unknown_key_in_outcome.toml",
        88,
        "moves[mobilise].outcomes[done].narative",
        "unknown key 'narative' (did you mean 'narrative'?)",
    ),
    ("unknown_table.toml", 174, "rule", "unknown key 'rule' (did you mean 'rules'?)"),
    (
        "misplaced_key.toml",
        95,
        "moves[gamble].target",
        "unknown key 'target' ('target' belongs in [moves.adjudication])",
    ),
    # wrong types
    (
        "wrong_type.toml",
        98,
        "moves[gamble].adjudication.target",
        'expected a whole number, got "seven"',
    ),
    ("wrong_type_bool.toml", 94, "moves[gamble].limit", "expected a whole number, got true"),
    (
        "quoted_number.toml",
        48,
        "tracks[tension].max",
        'expected a number, got "10": leave out the quotes',
    ),
    ("quoted_date.toml", 71, "turns[t2].date", 'got "2022-01-02": leave out the quotes'),
    ("date_with_time.toml", 71, "turns[t2].date", "without a time, got 2022-01-02T09:30:00"),
    (
        "wrong_type_list.toml",
        172,
        "rules[talks_collapse].effects",
        'expected a list in square brackets, like effects = ["…", "…"], got "talks_open = false"',
    ),
    (
        "wrong_type_table.toml",
        119,
        "moves[talk].adjudication",
        'expected a table (a [moves.adjudication] section), got "choice"',
    ),
    (
        "wrong_type_union.toml",
        101,
        "moves[gamble].adjudication.modifiers[0].value",
        "expected text in quotes or a whole number, got true",
    ),
    ("bad_method.toml", 136, "moves[pressure].adjudication.method", 'did you mean "probability"?'),
    ("bad_dice.toml", 97, "moves[gamble].adjudication.dice", '"2d7" is not a dice roll'),
    (
        "bad_id.toml",
        169,
        "rules[Talks collapse].id",
        '"Talks collapse" is not a valid id: use lower-case letters, digits and _, starting '
        'with a letter, like "talks_collapse"',
    ),
    (
        "negative_weight.toml",
        33,
        "actors[blue].objectives[deal].weight",
        "must be 0 or more, got -2",
    ),
    ("not_a_number.toml", 46, "tracks[tension].initial", "nan is not a usable number"),
    ("empty_title.toml", 151, "injects[news].title", "must not be empty"),
    # missing keys: the line of the table that lacks them
    ("missing_required_key.toml", 114, "moves[talk].label", "missing required key 'label'"),
    ("missing_outcomes.toml", 114, "moves[talk].outcomes", "missing [[moves.outcomes]]"),
    ("missing_scenario_table.toml", None, "scenario", "missing the [scenario] table"),
    # references
    (
        "bad_reference_move_actor.toml",
        133,
        "moves[pressure].actor",
        "unknown actor 'bleu'; did you mean 'blue'? (known: blue, red)",
    ),
    (
        "bad_reference_inject_turn.toml",
        153,
        "injects[news].turn",
        "unknown turn 't4' (known: t1, t2, t3)",
    ),
    (
        "inject_turn_not_an_id.toml",
        153,
        "injects[news].turn",
        "expected a turn id in quotes (the id of a [[turns]] entry), got 2",
    ),
    (
        "bad_reference_doctrine_move.toml",
        21,
        "actors[red].doctrine[1].move",
        "unknown move 'gambel'; did you mean 'gamble'?",
    ),
    ("bad_reference_participant.toml", 73, "turns[t2].participants[1]", "unknown actor 'green'"),
    ("bad_reference_recipient.toml", 160, "injects[crisis].recipients[1]", "unknown actor 'white'"),
    (
        "doctrine_other_actor.toml",
        35,
        "actors[blue].doctrine[0].move",
        "move 'mobilise' belongs to actor 'red': the doctrine of 'blue' can only use its own moves",
    ),
    # expressions
    (
        "bad_expression_unknown_name.toml",
        160,
        "injects[crisis].when",
        "unknown name 'tensoin'; did you mean 'tension'?",
    ),
    (
        "bad_expression_type.toml",
        171,
        "rules[talks_collapse].when",
        "a condition must be true or false, but this gives a number",
    ),
    ("bad_expression_disallowed.toml", 118, "moves[talk].requires", "attribute access"),
    (
        "bad_expression_function.toml",
        137,
        "moves[pressure].adjudication.chance",
        "'__import__' is not allowed",
    ),
    (
        "bad_effect.toml",
        144,
        "moves[pressure].outcomes[works].effects[1]",
        "'severe' is not a level of 'alert'",
    ),
    # ids, ranges, levels, dates
    (
        "duplicate_id.toml",
        144,
        "moves[pressure].outcomes[works].id",
        "duplicate outcome id 'works' (first used on line 139)",
    ),
    (
        "duplicate_track_id.toml",
        64,
        "tracks[tension].id",
        "duplicate track id 'tension' (first used on line 44)",
    ),
    ("initial_out_of_range.toml", 46, "tracks[tension].initial", "initial 12 is above max 10"),
    ("min_above_max.toml", 47, "tracks[tension].min", "min 10 is above max 0"),
    (
        "level_initial.toml",
        61,
        "tracks[alert].initial",
        'initial "lowest" is not one of the levels: "low", "medium", "high" (did you mean "low"?)',
    ),
    ("level_too_few.toml", 67, "tracks[mood].levels", "a level track needs at least two levels"),
    ("flag_initial.toml", 54, "tracks[talks_open].initial", "a flag track needs true or false"),
    ("bar_without_range.toml", 43, "tracks[tension].display", "needs both min and max"),
    (
        "dates_out_of_order.toml",
        76,
        "turns[t3].date",
        "2021-12-31 is before 2022-01-02, the date of the turn above ('t2')",
    ),
    # adjudication
    (
        "dice_without_target.toml",
        95,
        "moves[gamble].adjudication.target",
        "the dice method needs a target",
    ),
    (
        "probability_without_chance.toml",
        135,
        "moves[pressure].adjudication.chance",
        "the probability method needs a chance",
    ),
    (
        "dice_without_success.toml",
        103,
        "moves[gamble].outcomes",
        'the dice method needs an outcome for each side of the roll: one with result = "success"',
    ),
    (
        "probability_without_failure.toml",
        146,
        "moves[pressure].outcomes[fails].result",
        'this move has 2 "success" outcomes and no "failure" outcome',
    ),
    (
        "chance_out_of_range.toml",
        137,
        "moves[pressure].adjudication.chance",
        "a chance is from 0 to 1",
    ),
    ("two_default_endings.toml", 193, "endings[standoff].id", "only one ending may lack `when`"),
    (
        "ending_outside_score.toml",
        118,
        "moves[talk].requires",
        "`ending` (the ending the session reached) is known only in an objective's `score`, "
        'worked out once the session is over; it cannot be used here in `ending == "deal"`',
    ),
    # not TOML at all, or not text
    ("invalid_toml.toml", 123, "", "invalid TOML: text in quotes is not closed on this line"),
    ("invalid_toml_duplicate_key.toml", 130, "", "invalid TOML: this key is set twice"),
    ("invalid_toml_bare_word.toml", 54, "", "write true/false in lower case"),
    (  # tomllib notices only at the end of the file: the line is where it opens
        "unclosed_multiline.toml",
        6,
        "",
        'invalid TOML: a """ text opens here and is never closed: add """ where it ends',
    ),
    (
        "nested_too_deeply.toml",
        60,
        "",
        "invalid TOML: lists or tables are nested too deeply (keep them a few levels deep)",
    ),
    ("empty.toml", None, "", "the file is empty"),
    ("blank.toml", None, "", "the file is empty"),
    ("binary.toml", None, "", "binary data, not a TOML text file"),
    ("bad_utf8.toml", 88, "", "not valid UTF-8 text (byte 0xe8 at column 40)"),
    ("utf16.toml", None, "", "save it as UTF-8"),
]


# Files with one defect that gives more than one line: the defect's line comes first.
# (file, the problems' lines and messages, in the order printed)
FIRST_CASES: list[tuple[str, list[tuple[int, str, str]]]] = [
    (  # a duplicate id once, before the references it broke (moves of the 'red' it replaced)
        "duplicate_id_knock_on.toml",
        [
            (
                26,
                "actors[blue].id",
                "duplicate actor id 'blue' (first used on line 9); fix this first: the "
                "problems listed after it may follow from it",
            ),
            (80, "moves[mobilise].actor", "unknown actor 'red' (known: blue)"),
            (92, "moves[gamble].actor", "unknown actor 'red' (known: blue)"),
        ],
    ),
]

# Files that load, with one warning: (file, line, field, message)
WARNING_CASES: list[tuple[str, int, str, str]] = [
    (
        "precondition_never_holds.toml",
        118,
        "moves[talk].requires",
        "the precondition can never hold ('tension' is kept from 0 to 10): "
        "the move can never be taken",
    ),
]


def _problems(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value


@pytest.mark.parametrize(("name", "line", "field", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_bad_file(name: str, line: int | None, field: str, fragment: str) -> None:
    path = BAD / name
    exc = _problems(path)
    errors = [p for p in exc.problems if p.severity == "error"]
    assert len(errors) == 1, exc.lines()  # one defect, one error: no follow-on noise
    problem = errors[0]
    assert problem.line == line
    assert problem.field == field
    assert fragment in problem.message
    where = f"{path}:{line}" if line else str(path)
    expected = f"{where}: {field}: {problem.message}" if field else f"{where}: {problem.message}"
    assert expected in exc.lines()


@pytest.mark.parametrize(("name", "expected"), FIRST_CASES, ids=[c[0] for c in FIRST_CASES])
def test_bad_file_reports_its_defect_first(name: str, expected: list[tuple[int, str, str]]) -> None:
    path = BAD / name
    exc = _problems(path)
    assert exc.lines() == [f"{path}:{line}: {field}: {msg}" for line, field, msg in expected]


@pytest.mark.parametrize(
    ("name", "line", "field", "message"), WARNING_CASES, ids=[c[0] for c in WARNING_CASES]
)
def test_bad_file_with_a_warning(name: str, line: int, field: str, message: str) -> None:
    path = BAD / name
    _, found = load_scenario(path)
    assert [p.format(str(path)) for p in found] == [f"{path}:{line}: {field}: warning: {message}"]


def test_every_bad_file_is_in_the_table() -> None:
    tables = [*CASES, *FIRST_CASES, *WARNING_CASES]
    assert sorted(p.name for p in BAD.iterdir()) == sorted(c[0] for c in tables)


def test_bad_files_are_mini_with_one_defect() -> None:
    """Line 2 says what is wrong; a copy of mini otherwise (so line numbers mean something)."""
    mini = MINI.read_text(encoding="utf-8").splitlines()
    for path in BAD.glob("*.toml"):
        raw = path.read_bytes()
        if len(raw) < 200 or b"\x00" in raw:
            continue  # empty, blank, binary and UTF-16 files
        lines = raw.decode("utf-8", errors="replace").splitlines()
        assert lines[1].startswith("# Bad: "), path
        changed = [
            op
            for op in difflib.SequenceMatcher(a=mini[2:], b=lines[2:]).get_opcodes()
            if op[0] != "equal"
        ]
        assert 1 <= len(changed) <= 2, (path, changed)  # a change, or a line moved


# -- problems the bad-file table does not cover ---------------------------------------------
SOURCE = MINI.read_text(encoding="utf-8")


def check(old: str, new: str, count: int = 1) -> list[str]:
    assert SOURCE.count(old) == count, old
    with pytest.raises(ScenarioError) as info:
        parse_scenario(SOURCE.replace(old, new), "s.toml")
    return info.value.lines()


def warnings(old: str = "", new: str = "") -> list[str]:
    _, found = parse_scenario(SOURCE.replace(old, new) if old else SOURCE, "s.toml")
    assert all(p.severity == "warning" for p in found)
    return [p.format("s.toml") for p in found]


def test_mini_is_valid_without_warnings() -> None:
    compiled, found = load_scenario(MINI)
    assert found == []
    assert compiled.id == "mini"
    assert len(compiled.sha256) == 64


def test_missing_file() -> None:
    exc = _problems(DATA / "no_such_file.toml")
    assert exc.lines() == [f"{DATA / 'no_such_file.toml'}: no such file"]


def test_directory() -> None:
    assert _problems(DATA).lines() == [f"{DATA}: is a directory, not a scenario file"]


def test_byte_order_mark_is_accepted() -> None:
    compiled, _ = parse_scenario(b"\xef\xbb\xbf" + SOURCE.encode(), "s.toml")
    assert compiled.id == "mini"


def test_crlf_line_endings_keep_line_numbers() -> None:
    text = SOURCE.replace('turn = "t2"', 'turn = "t4"').replace("\n", "\r\n")
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text.encode(), "s.toml")
    assert info.value.lines()[0].startswith("s.toml:153: injects[news].turn: unknown turn 't4'")


def test_invalid_toml_at_the_end_of_the_file() -> None:
    [line] = check('summary = "Nothing resolved."\n', 'summary = """Nothing resolved.\n')
    assert line == (
        's.toml:196: invalid TOML: a """ text opens here and is never closed: add """ where it ends'
    )


def test_a_number_of_more_digits_than_python_reads_is_a_problem_on_its_line() -> None:
    """Given a whole number of 5,000 digits (tomllib gives up on it with a plain
    ValueError, past Python's 4,300-digit limit), then it is one problem on its line,
    not an internal error."""
    [line] = check("initial = 3\n", "initial = 3_" + "9" * 5000 + "\n")
    assert line.startswith("s.toml:46: invalid TOML: a number with far too many digits")


def test_quotes_inside_comments_and_text_are_not_the_opening() -> None:
    """Given triple quotes in a comment and in other text, then the line named is the
    opening that is really never closed."""
    [line] = check(
        'summary = "Nothing resolved."\n',
        '# a comment with """ in it\nx = \'and """ here\'\nsummary = \'\'\'Nothing resolved.\n',
    )
    assert line.startswith("s.toml:198: invalid TOML: a ''' text opens here")


def test_a_deep_nesting_is_reported_where_it_goes_deepest() -> None:
    [line] = check("initial = 3\n", "initial = 3\nx = [[1], [" + "[" * 2000 + "]" * 2001 + "\n")
    assert line.startswith("s.toml:47: invalid TOML: lists or tables are nested too deeply")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '[moves.adjudication]\nmethod = "choice"\n',
            "[moves.adjudication]\n[moves.adjudication]\n",
            "the table [moves.adjudication] appears twice",
        ),
        (
            'summary = "Nothing resolved."',
            'summary = "C:\\path"',
            'a backslash (\\) in "…" text must be doubled',
        ),
        (
            'levels = ["low", "medium", "high"]',
            'levels = ["low", "medium" "high"]',
            "a comma is missing between its items",
        ),
        ('id = "t1"', 'id = "t1" id2', "only one `key = value` fits on a line"),
        ('id = "t1"', 'id "t1"', "expected `key = value` here"),
        ('id = "t1"', 'id = "\\uD800"', "not a valid character code"),
        ('[[turns]]\nid = "t2"', '[[turns\nid = "t2"', "a [[list]] header needs its ]]"),
        (  # an inline table spread over lines, as JSON would be: say that, not "a key is…"
            'effects = ["tension += 2"]',
            'effects = ["tension += 2"]\nx = { a = 1,\n  b = 2 }',
            "an inline table ({ … }) must stay on one line",
        ),
    ],
)
def test_invalid_toml_messages(old: str, new: str, expected: str) -> None:
    [line] = check(old, new)
    assert "invalid TOML: " in line and expected in line


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2022-01-32", "2022-01-32 is not a day of the calendar: January 2022 has 31 days"),
        ("2022-02-29", "2022-02-29 is not a day of the calendar: February 2022 has 28 days"),
        ("2022-13-01", "2022-13-01 is not a day of the calendar: a month is 01 to 12"),
    ],
)
def test_a_date_off_the_calendar_says_so_not_how_to_write_a_date(
    written: str, expected: str
) -> None:
    """Given a date written in the right form for a day that does not exist (tomllib says
    only "Invalid date or datetime"), then the message names the day and why, rather than
    telling the designer to write YYYY-MM-DD, which they did."""
    [line] = check("date = 2022-01-02\n", f"date = {written}\n")
    assert line == f"s.toml:71: invalid TOML: {expected} (column 8)"


@pytest.mark.parametrize("gap", ["\t", " "])
def test_a_tab_or_space_inside_a_bare_key_is_named(gap: str) -> None:
    """Given a key with a tab (or a space) inside it, `la<TAB>bel = ...` (tomllib expects
    `=` after `la`), then the message says that a key cannot hold one, and where."""
    [line] = check('label = "Tension"', f'la{gap}bel = "Tension"')
    what = "a tab" if gap == "\t" else "a space"
    assert line == (
        f"s.toml:45: invalid TOML: the key 'la' is followed by {what}, then more text "
        "before the =: a key is one word (letters, digits, _ and -), or text in quotes "
        "(column 3)"
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'label = "Talk"\n',
            'label = "Talk"\nzzz = 1\n',
            "moves[talk].zzz: unknown key 'zzz' (allowed here: actor, adjudication",
        ),
        (
            'title = "Mini crisis"',
            'Title = "Mini crisis"',
            "scenario.Title: unknown key 'Title' (did you mean 'title'?)",
        ),
        (
            'label = "Talk"\n',
            'label = "Talk"\neffects = ["tension += 1"]\n',
            "'effects' belongs in [[moves.outcomes]]",
        ),
        (
            'label = "Tension"',
            'label = "Tension"\nvisible = "true"',
            'tracks[tension].visible: expected true or false, got "true": leave out the quotes',
        ),
        (
            "initial = 3\n",
            "initial = [3]\n",
            "expected a number, true or false, or text in quotes, got [3]",
        ),
        ("max = 10", "max = inf", "s.toml:48: tracks[tension].max: inf is not a usable number"),
        ('chance = "tension / 10"', 'chance = ""', "adjudication.chance: must not be empty"),
        (
            'title = "Mini crisis"',
            'title = "' + "x" * 250 + '"',
            "at most 200 characters, this has 250",
        ),
        ('id = "talk"', 'id = "' + "t" * 70 + '"', "at most 64 characters, this has 70"),
        (
            "weight = 3",
            "weight = true",
            "actors[red].doctrine[0].weight: "
            "weight must be a number or an expression, not true/false",
        ),
        (
            'briefing = "Two actors, three turns."',
            'briefing = "Two actors, three turns."\nsources = "x"',
            "scenario.sources: "
            "expected a list of tables: one [[scenario.sources]] section for each",
        ),
        ('[[actors]]\nid = "blue"', '[actors]\nid = "blue"', "invalid TOML"),
        (
            'label = "Mobilise"\n[moves.adjudication]\nmethod = "auto"\n',
            '[moves.adjudication]\nmethod = "auto"\nlabel = "Mobilise"\n',
            "s.toml:83: moves[mobilise].adjudication.label: unknown key 'label' ('label' belongs "
            "to [[moves]]: write it above the [moves.adjudication] line)",
        ),
        (
            'side = "east"\n',
            '[[actors.objectives]]\nid = "x"\ndescription = "x"\nscore = "1"\nside = "east"\n',
            "'side' belongs to [[actors]]: write it above the [[actors.objectives]] line",
        ),
        ("[scenario]\n", "[[scenario]]\n", "got a list of tables"),
    ],
)
def test_model_messages(old: str, new: str, expected: str) -> None:
    lines = check(old, new)
    assert any(expected in line for line in lines), lines


def test_actors_written_as_one_table() -> None:
    text = SOURCE.replace("[[actors]]", "[actors.x]", 1).replace("[[actors]]", "[actors.y]", 1)
    text = text.replace("[[actors.objectives]]", "[[actors.x.objectives]]", 1)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.toml")
    assert any(
        line.startswith(
            "s.toml:8: actors: expected a list of tables: write [[actors]] (double brackets)"
        )
        for line in info.value.lines()
    ), info.value.lines()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('id = "alert"', 'id = "turn"', "tracks[turn].id: 'turn' is a name the program provides"),
        (
            'type = "flag"\n',
            'type = "flag"\nmax = 1\n',
            "s.toml:54: tracks[talks_open].max: a flag track (true/false) has no max",
        ),
        (
            'type = "level"\n',
            "",
            'a number track needs a number as its initial value, not "low" '
            '(for a track with named levels, add type = "level")',
        ),
        (
            'initial = "low"',
            'initial = "low"\nmin = 0',
            "tracks[alert].min: a level track has no min",
        ),
        (
            'levels = ["low", "medium", "high"]',
            'levels = ["low", "medium", "low"]',
            "levels must differ: low appears twice",
        ),
        (
            'levels = ["low", "medium", "high"]\ninitial = "low"',
            'levels = ["low", "medium", "high"]\ninitial = "low"\n'
            '[[tracks]]\nid = "n"\nlabel = "N"\ninitial = 1\nmin = 0\nmax = 2\nlevels = ["a", "b"]',
            'only a level track has levels: add type = "level"',
        ),
        (
            'score = "tension"',
            'score = "alert"',
            "a score must be a number or true/false, not a level",
        ),
        (
            'summary = "A deal was struck."',
            'summary = "A deal was struck."\n'
            '[[endings]]\nid = "deal"\ntitle = "Again"\nwhen = "true"',
            "endings[deal].id: duplicate ending id 'deal' (first used on line 188)",
        ),
    ],
)
def test_cross_reference_and_range_messages(old: str, new: str, expected: str) -> None:
    lines = check(old, new)
    assert any(expected in line for line in lines), lines


def test_problems_come_in_line_order_with_every_error_reported() -> None:
    text = SOURCE.replace('turn = "t2"', 'turn = "t9"').replace(
        'actor = "blue"\nlabel = "Talk"', 'actor = "x"\nlabel = "Talk"'
    )
    text = text.replace("max = 10", "max = 2")
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.toml")
    numbers = [p.line or 0 for p in info.value.problems]
    assert numbers == sorted(numbers)
    errors = [p for p in info.value.problems if p.severity == "error"]
    assert [p.field for p in errors] == [
        "tracks[tension].initial",
        "moves[talk].actor",
        "injects[news].turn",
    ]


def test_a_bad_move_actor_does_not_also_blame_the_doctrine() -> None:
    lines = check('id = "pressure"\nactor = "blue"', 'id = "pressure"\nactor = "green"')
    assert len([line for line in lines if "warning" not in line]) == 1


# -- warnings: legal but suspicious ---------------------------------------------------------
def test_warning_no_endings() -> None:
    start = SOURCE.index("[[endings]]")
    text = SOURCE[:start].replace("score = 'ending == \"deal\"'", "score = 'ending == \"none\"'")
    _, found = parse_scenario(text, "s.toml")
    assert [p.format("s.toml") for p in found] == [
        "s.toml: endings: warning: "
        "no endings: sessions end without a named outcome (add [[endings]])"
    ]


def test_warning_no_default_ending() -> None:
    [line] = warnings(
        'summary = "Nothing resolved."', 'summary = "Nothing resolved."\nwhen = "turn > 2"'
    )
    assert line.startswith("s.toml:181: endings: warning: no default ending (one without `when`)")


def test_warning_track_nothing_changes() -> None:
    [line] = warnings('effects = ["talks_open = false"]', "effects = []")
    assert line == (
        "s.toml:51: tracks[talks_open].id: warning: nothing changes track 'talks_open': no effect "
        "of a move, inject or rule sets it, so it keeps its initial value"
    )


def test_warning_move_no_one_can_take() -> None:
    text = SOURCE
    for day in "123":
        text = text.replace(
            f"date = 2022-01-0{day}\n", f'date = 2022-01-0{day}\nparticipants = ["red"]\n'
        )
    _, found = parse_scenario(text, "s.toml")
    lines = [p.format("s.toml") for p in found if "no turn" in p.message]
    assert [line.split(": warning: ")[0] for line in lines] == [
        "s.toml:119: moves[talk].actor",
        "s.toml:136: moves[pressure].actor",
    ]
    assert "actor 'blue' takes part in no turn" in lines[0]


def test_warning_precondition_always_false() -> None:
    [line] = warnings('requires = "talks_open"', 'requires = "false"')
    assert line.startswith(
        "s.toml:118: moves[talk].requires: warning: the precondition is always false"
    )


def test_warning_actor_without_objectives() -> None:
    text = SOURCE.replace(
        '[[actors.objectives]]\nid = "tension_high"\n'
        'description = "Keep tension high"\nscore = "tension"\n',
        "",
    )
    _, found = parse_scenario(text, "s.toml")
    assert [p.format("s.toml") for p in found] == [
        "s.toml:9: actors[red].id: warning: actor 'red' has no objectives, so its play cannot be "
        "scored (add [[actors.objectives]])"
    ]


def test_warning_when_or_result_ignored_by_the_method() -> None:
    """`when` means nothing to a choice move; `result` does (an argued roll selects by it)."""
    found = warnings('id = "stall"\n', 'id = "stall"\nresult = "success"\nwhen = "true"\n')
    assert [w.split(": warning: ")[0] for w in found] == [
        "s.toml:129: moves[talk].outcomes[stall].when",
    ]
    assert 'this move uses "choice", so it is ignored' in found[0]


def test_warnings_do_not_stop_loading() -> None:
    compiled, found = parse_scenario(
        SOURCE.replace('requires = "talks_open"', 'requires = "false"'), "s.toml"
    )
    assert compiled.id == "mini" and len(found) == 1


def test_problem_format() -> None:
    assert Problem(("a",), "m", line=3, field="a").format("f") == "f:3: a: m"
    assert Problem((), "m").format("f") == "f: m"
    assert (
        Problem(("x", 0), "m", "warning").format("f", {"x": [{"id": "k"}]}) == "f: x[k]: warning: m"
    )


def test_huge_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tabletop.scenario.load.MAX_BYTES", 100)
    assert _problems(MINI).lines() == [
        f"{MINI}: the scenario file is larger than 100 bytes, the limit; is it a scenario?"
    ]


def test_control_characters_never_break_the_one_line_per_problem_rule() -> None:
    lines = check('label = "Talk"\n', 'label = "Talk"\n"bad\\nkey" = 1\n')
    assert lines == [
        "s.toml:118: moves[talk].\"bad\\nkey\": unknown key 'bad\\nkey' "
        "(allowed here: actor, adjudication, cost, costly, deception, description, diminishing, "
        "id, label, limit, offer, offer_to, outcomes, repeat_cost, requires)"
    ]
    [line] = check('when = "tension >= 8"', 'when = """tension\n>= 8 and"""')
    assert "\n" not in line and line.startswith("s.toml:160: injects[crisis].when: ")


@pytest.mark.parametrize(
    ("condition", "why"),
    [
        ("tension > 10", "'tension' is kept from 0 to 10"),
        ("tension < 0", "'tension' is kept from 0 to 10"),
        ("10 < tension", "'tension' is kept from 0 to 10"),
        ("tension == 11", "'tension' is kept from 0 to 10"),
        ("tension >= 6 and talks_open and tension <= 5", "its comparisons of 'tension' cannot"),
    ],
)
def test_a_precondition_outside_its_tracks_range_is_a_warning(condition: str, why: str) -> None:
    """Given a precondition that compares a track with a value outside its min..max (or
    `and`-ed comparisons that exclude each other), then validate warns, naming the range."""
    [found] = warnings('requires = "talks_open"', f'requires = "{condition}"')
    assert found.startswith(
        f"s.toml:118: moves[talk].requires: warning: the precondition can never hold ({why}"
    )
    assert found.endswith("): the move can never be taken")


@pytest.mark.parametrize(
    "condition",
    ["tension >= 10", "tension <= 0", "tension > 10 or talks_open", "tension + 1 > 10"],
)
def test_a_precondition_that_can_hold_is_not_warned(condition: str) -> None:
    """Only what is sure is warned: the ends of the range, an `or`, arithmetic."""
    assert warnings('requires = "talks_open"', f'requires = "{condition}"') == []


def test_a_rule_that_can_never_fire_is_a_warning() -> None:
    assert warnings('when = "tension >= 7"', 'when = "tension >= 70"') == [
        "s.toml:171: rules[talks_collapse].when: warning: this condition can never hold "
        "('tension' is kept from 0 to 10)"
    ]


def test_scenario_texts_lose_their_control_characters_at_load() -> None:
    """Given escape sequences, C0 and C1 controls, DEL, bare carriage returns and bidi
    controls in every text of a scenario, when it is loaded, then no text of the loaded
    scenario holds any of them (each surface, the TUI's briefing and console among them,
    draws from it: there they were written to the terminal as they were), while tabs,
    line breaks, markup brackets and every other character stay as written."""
    import tomli_w

    from tabletop.engine.wording import UNSAFE
    from tests.export.hostile import hostile_data

    hostile = "a\x1b[2J\x1b]0;pwn\x07\x9b31m\x7f\x01\u202e\u200f\u061c\tb\r\nc\rd [b]x[/b] é"
    compiled, _ = parse_scenario(tomli_w.dumps(hostile_data(hostile)))
    texts = _strings(compiled.model.model_dump())
    assert texts and not [t for t in texts if any(ch in UNSAFE for ch in t)]
    assert compiled.title == "a[2J]0;pwn31m\tb\nc\nd [b]x[/b] é"


def _strings(node: object) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list | tuple):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def test_a_level_name_with_a_control_character_is_an_error() -> None:
    """Given a level named with an escape sequence, when the file is checked, then it is
    an error (a level is a name expressions quote, not free text to clean)."""
    assert check('"medium", "high"]', '"medium", "high", "to\\u001b[2Jp"]') == [
        's.toml:60: tracks[alert].levels[3]: "to\\x1b[2Jp" holds a control character: '
        "a level is a name, written in printable characters"
    ]


@pytest.mark.parametrize("blank", ["   ", "\\t", "\\u001b", "\\u202e \\u0007"])
def test_a_required_text_that_is_blank_is_an_error(blank: str) -> None:
    """Given a title of spaces alone, or of control characters alone (which loading
    removes), when the file is checked, then it is as empty as a title of "": an error,
    not a scenario called '   ' (validate said `ok:     (3 turns, …)`)."""
    assert check('title = "Mini crisis"', f'title = "{blank}"') == [
        "s.toml:5: scenario.title: must not be empty (it holds only spaces or control characters)"
    ]
    assert check('label = "Talk"', f'label = "{blank}"') == [
        "s.toml:117: moves[talk].label: must not be empty "
        "(it holds only spaces or control characters)"
    ]


def test_a_problem_line_shows_hidden_characters_as_escapes() -> None:
    """Given a key holding a bidi override or a C1 control, when it is reported, then the
    line shows it as an escape (as it does an escape sequence), not as nothing: stripped
    on the way to the terminal, the key read `unknown key 'limit' (did you mean
    'limit'?)`."""
    assert check("limit = 1", '"li\\u202emit\\u009b" = 1') == [
        's.toml:94: moves[gamble]."li\\u202emit\\x9b": unknown key '
        "'li\\u202emit\\x9b' (did you mean 'limit'?)"
    ]


def test_a_long_unknown_key_is_shown_clipped() -> None:
    """Given an unknown key 10,000 characters long, when it is reported, then the line
    shows its start, not all of it twice (a 100,000-character key made a 200 KB line)."""
    key = "k" * 10_000
    (line,) = check("limit = 1", f"{key} = 1")
    shown = "k" * 60 + "…"
    assert line == (
        f"s.toml:94: moves[gamble].{shown}: unknown key '{shown}' "
        "(allowed here: actor, adjudication, cost, costly, deception, description, "
        "diminishing, id, label, limit, offer, offer_to, outcomes, repeat_cost, requires)"
    )


def test_a_level_name_is_short_and_not_empty() -> None:
    """Given a level named "" or a level name of 10,000 characters, when the file is
    checked, then each is an error (a level is a name: shown on a bar, quoted in
    expressions, listed in messages), as an id of the same kind would be."""
    long = "x" * 10_000
    assert check('"medium", "high"]', f'"medium", "high", "", "{long}"]') == [
        's.toml:60: tracks[alert].levels[3]: a level needs a name, like "high"',
        "s.toml:60: tracks[alert].levels[4]: is too long: at most 64 characters, this has 10000",
    ]


def test_a_message_lists_at_most_twelve_levels() -> None:
    """Given a level track of 1,000 levels, when an effect or the initial value names a
    level it does not have, then the message lists the first twelve, as it lists known
    ids (it listed all of them: a line as long as the file)."""
    many = ", ".join(f'"l{i}"' for i in range(1000))
    levels = f'levels = ["low", "medium", "high", {many}]'
    listed = "low, medium, high, l0, l1, l2, l3, l4, l5, l6, l7, l8, …"
    (line,) = check('levels = ["low", "medium", "high"]', levels.replace('"low"', '"lo"'))
    assert len(line) < 300 and '"medium", "high", "l0", "l1", "l2", "l3", "l4", "l5"' in line
    text = SOURCE.replace('levels = ["low", "medium", "high"]', levels)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text.replace('alert = "medium"', 'alert = "mediun"'), "s.toml")
    (line,) = info.value.lines()
    assert len(line) < 300 and f"(levels: {listed})" in line


def test_a_condition_on_a_turn_past_the_calendar_never_holds() -> None:
    """Given an ending for `turn > 5` and a move that requires `turn >= 4` in a scenario of
    three turns, when checked, then each is warned about as a condition on a track
    outside its range is (they were accepted without a word: such an ending is never
    reached, such a move never taken)."""
    found = warnings('when = "tension >= 10"', 'when = "turn > 5"')
    assert found == [
        "s.toml:184: endings[war].when: warning: this condition can never hold "
        "('turn' is kept from 1 to 3)"
    ]
    found = warnings('requires = "talks_open"', 'requires = "talks_open and turn >= 4"')
    assert found == [
        "s.toml:118: moves[talk].requires: warning: the precondition can never hold "
        "('turn' is kept from 1 to 3): the move can never be taken"
    ]


def test_a_date_off_the_calendar_inside_text_is_not_blamed() -> None:
    """Given text in quotes that mentions 2022-02-30 and a line that is wrong for another
    reason, then the message is about that reason, not the date in the text."""
    [line] = check('id = "t1"', 'id = "t1 on 2022-02-30" id2')
    assert "only one `key = value` fits on a line" in line and "calendar" not in line
