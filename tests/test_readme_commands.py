"""The README's two commands are the ones the project runs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme, re.DOTALL)
    assert block, "the README has no bash block with its commands"
    return [line for line in block.group(1).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_readme_has_two_commands():
    commands = _readme_commands()
    assert len(commands) == 2, commands
    assert "tonesplit label" in commands[0] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_as_written():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in ci.splitlines()]
    assert _readme_commands()[1].strip() in lines, (
        ".ci/run must run the README's second command exactly as written")
    # and nothing may set the data home behind the README's back
    assert not any(re.match(r"(export\s+)?TONESPLIT_DATA_HOME=", line) for line in lines)
