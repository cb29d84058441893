"""The Dockerfile, read and run without Docker (no daemon runs in CI): layer order for a
cached dependency layer, a pinned base image, the health check, a data volume that holds
the default database, and the container's command exiting non-zero with nothing to serve."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from bot.config import load_settings
from bot.healthcheck import health_url
from tests.helpers import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()
#: Instructions with their arguments, continuation lines joined, comments dropped.
INSTRUCTIONS = [
    (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
    for line in re.sub(r"\\\n\s*", " ", DOCKERFILE).splitlines()
    if line.strip() and not line.lstrip().startswith("#")
]


def _index(keyword: str, fragment: str) -> int:
    return next(
        i for i, (word, args) in enumerate(INSTRUCTIONS) if word == keyword and fragment in args
    )


def _exec_form(keyword: str) -> list[str]:
    (args,) = [args for word, args in INSTRUCTIONS if word == keyword]
    return json.loads(args[args.index("[") :])


def test_the_base_image_is_pinned_to_a_patch_release() -> None:
    (base,) = [args for word, args in INSTRUCTIONS if word == "FROM"]
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", base), base


def test_dependencies_install_before_the_source_is_copied() -> None:
    manifest = _index("COPY", "pyproject.toml")
    dependencies = _index("RUN", "pip install -r")
    source = _index("COPY", "bot ./bot")
    project = _index("RUN", "pip install --no-deps .")
    assert manifest < dependencies < source < project
    assert "bot" not in INSTRUCTIONS[manifest][1].split()  # the first COPY holds no source


def test_the_dependency_list_read_in_the_image_is_pyproject_s(tmp_path: Path) -> None:
    """The RUN line's extraction, run here: every runtime dependency, nothing else."""
    command = INSTRUCTIONS[_index("RUN", "pip install -r")][1].split(" > ")[0]
    script = command.removeprefix('python -c "').removesuffix('"')
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    listed = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "discord.py>=2.3,<3" in listed and "pytest>=8" not in listed


def test_the_health_check_asks_healthz_only_when_slack_serves_http(tmp_path: Path) -> None:
    assert _exec_form("HEALTHCHECK")[-3:] == ["python", "-m", "bot.healthcheck"]
    http = load_settings({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y", "PORT": "4000"})
    assert health_url(http) == "http://127.0.0.1:4000/healthz"
    socket = load_settings({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y",
                            "SLACK_APP_TOKEN": "z"})  # fmt: skip
    assert health_url(socket) is None and health_url(load_settings({})) is None


def test_the_health_check_fails_when_nothing_answers(tmp_path: Path) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    environ.update(SLACK_BOT_TOKEN="x", SLACK_SIGNING_SECRET="y", PORT="9", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-m", "bot.healthcheck"], cwd=tmp_path, env=environ,
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and "unhealthy: http://127.0.0.1:9/healthz" in result.stderr


def test_the_default_database_lands_on_the_volume() -> None:
    workdir = next(args for word, args in INSTRUCTIONS if word == "WORKDIR")
    volume = json.loads(next(args for word, args in INSTRUCTIONS if word == "VOLUME"))
    settings = load_settings({})  # what the image runs with no DATABASE_URL
    assert [str(Path(workdir) / settings.data_dir)] == volume
    assert "DATABASE_URL" not in next(args for word, args in INSTRUCTIONS if word == "ENV")


def test_env_example_sets_no_relative_database_url() -> None:
    example = (ROOT / ".env.example").read_text()
    (line,) = [x for x in example.splitlines() if x.startswith("DATABASE_URL=")]
    assert line == "DATABASE_URL="  # empty: the default, which works in and out of the image


def test_the_container_command_without_credentials_or_terminal_exits_non_zero(
    tmp_path: Path,
) -> None:
    """`docker run debate-bot` with no -it and no credentials: stdin is /dev/null."""
    command = _exec_form("CMD")
    assert command[0] == "python"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    environ.update(PYTHONPATH=str(ROOT), MPLBACKEND="Agg", PORT="3000")
    environ.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, *command[1:]], stdin=subprocess.DEVNULL, cwd=tmp_path, env=environ,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET" in result.stderr
    assert "DISCORD_TOKEN" in result.stderr and "docker run -it" in result.stderr


def test_no_dotenv_can_be_baked_into_the_image() -> None:
    """The image is shared (pushed, pulled, inspected); secrets come at run time with
    `--env-file`. Only named files and folders are copied in, none of them a `.env` or
    the whole build context, and the context itself leaves `.env` out."""
    copied = [
        source
        for word, args in INSTRUCTIONS
        if word in ("COPY", "ADD")
        for source in args.split()[:-1]
        if not source.startswith("--")
    ]
    assert copied and set(copied) <= {"pyproject.toml", "README.md", "bot", "knowledge"}
    assert not [p for folder in ("bot", "knowledge") for p in (ROOT / folder).rglob(".env*")]
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored
