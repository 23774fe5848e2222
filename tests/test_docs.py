"""The user documentation (docs/*.md) stays true to the code.

- every relative link resolves to a file, and every `#anchor` to a heading of that file;
- every API path the docs show (`/api/v1/...`, `/api/2.0/mlflow...`, `/v2/...`, and `$P/...` for a
  project's base URL) is a path of api/openapi.yaml, and a method written before it is one of its
  operations;
- every flag shown for the server binary (`cairn serve|migrate|serve-model|admin <cmd> --flag`, and
  the flag tables of operations.md) is in that subcommand's `--help` ($CAIRN_BIN, else build/cairn;
  skipped when neither exists);
- every flag shown for the Python client's commands (`cairn login|deploy|models ... --flag`) is an
  option of that click command in sdk/python (skipped when click is missing).

No server is started. The checkers are plain functions, and `test_checkers_report_what_is_wrong`
feeds them wrong text, so a checker that stopped finding anything would fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
# The guides, their index, and the README that links them (docs/adr and docs/monitoring-statistics.md
# are reference material with their own conventions, but their links are checked too).
PAGES = sorted(DOCS.glob("*.md")) + [REPO / "README.md"]

# A project's base URL, as the guides abbreviate it (P=http://.../api/v1/orgs/acme/projects/churn).
PROJECT_BASE = "/api/v1/orgs/{org}/projects/{project}"
SERVER_SUBCOMMANDS = ("serve-model", "serve", "migrate", "admin", "routes", "version")
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


# --- links ------------------------------------------------------------------------------------

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def github_anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"`", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors_of(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {github_anchor(m.group(1)) for m in re.finditer(r"^#+\s+(.*)$", text, re.M)}


def broken_links(page: Path, text: str) -> list[str]:
    """Relative links of `text` (the content of `page`) that do not resolve."""
    problems = []
    for target in LINK.findall(FENCE.sub("", text)):
        if re.match(r"^[a-z]+:", target):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (page.parent / file_part).resolve() if file_part else page
        if not resolved.exists():
            problems.append(f"{page.name}: {target} (no {resolved})")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors_of(resolved):
            problems.append(f"{page.name}: {target} (no heading #{anchor} in {resolved.name})")
    return problems


# --- API paths --------------------------------------------------------------------------------


@cache
def openapi_operations() -> dict[str, set[str]]:
    """Path template of api/openapi.yaml -> its HTTP methods (upper case)."""
    document = yaml.safe_load((REPO / "api" / "openapi.yaml").read_text(encoding="utf-8"))
    return {
        path: {m.upper() for m in item if m.upper() in HTTP_METHODS}
        for path, item in document["paths"].items()
    }


def template_regex(template: str) -> re.Pattern[str]:
    # `{path}` spans folders (artifact and file paths); any other parameter is one segment.
    parts = re.split(r"(\{[^}]+\})", template)
    body = "".join(
        (".+" if p == "{path}" else "[^/]+") if p.startswith("{") else re.escape(p) for p in parts
    )
    return re.compile(f"^{body}$")


@cache
def openapi_patterns() -> list[tuple[re.Pattern[str], set[str]]]:
    return [(template_regex(t), methods) for t, methods in openapi_operations().items()]


# A path as the docs write it: starts at one of the API roots, or at `$P/` (the project's base).
# `Path=/api/v1/auth` is a cookie's path (README), not an endpoint.
API_PATH = re.compile(
    r"(?:\b(?P<method>GET|POST|PUT|PATCH|DELETE)\s+)?"
    r"(?<!Path=)(?P<path>(?:\$P|/api/v1|/api/2\.0/mlflow(?:-artifacts)?|(?<![\w.])/v2)(?:/[^\s`'\")\]{},]*)?)"
)


def api_paths(text: str) -> list[tuple[str | None, str]]:
    """(method or None, path) for every API path in `text`, `$P` expanded, the query dropped."""
    found = []
    for m in API_PATH.finditer(text):
        path = m.group("path").split("?", 1)[0].rstrip(".:;")
        if "..." in path or "…" in path:  # an abbreviation such as `.../logs/stream`
            continue
        if path.startswith("$P"):
            path = PROJECT_BASE + path[2:]
        found.append((m.group("method"), path))
    return found


def is_prefix_of_a_path(prefix: str) -> bool:
    """`/api/2.0/mlflow/`: the docs name a family of paths; some template must start so."""
    wanted = prefix.rstrip("/").split("/")
    for template in openapi_operations():
        segments = template.split("/")
        if len(segments) > len(wanted) and all(
            t == w or (t.startswith("{") and w) for t, w in zip(segments, wanted)
        ):
            return True
    return False


def unknown_api_paths(page_name: str, text: str) -> list[str]:
    problems = []
    for method, path in api_paths(text):
        if path.endswith("/") and not method:
            if not is_prefix_of_a_path(path):
                problems.append(f"{page_name}: no path of api/openapi.yaml starts with {path}")
            continue
        matching = [methods for pattern, methods in openapi_patterns() if pattern.match(path)]
        if not matching:
            problems.append(f"{page_name}: {path} is not a path of api/openapi.yaml")
        elif method and not any(method in methods for methods in matching):
            problems.append(f"{page_name}: {method} {path} is not an operation of api/openapi.yaml")
    return problems


# --- command lines ----------------------------------------------------------------------------

INLINE_CODE = re.compile(r"`([^`\n]+)`")


def command_snippets(text: str) -> list[str]:
    """Lines of fenced code blocks and inline code spans: where the docs show commands."""
    snippets = []
    for block in FENCE.findall(text):
        snippets.extend(block.splitlines()[1:-1])
    snippets.extend(INLINE_CODE.findall(FENCE.sub("", text)))
    return snippets


def cairn_commands(snippet: str) -> list[list[str]]:
    """Each `cairn ...` command of a snippet (`build/cairn` too, after `VAR=value`s or `&&`), as its
    words after `cairn` up to a comment."""
    commands = []
    for piece in re.split(r"&&|;|\|", snippet.split(" #", 1)[0]):
        words = piece.split()
        while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):  # CAIRN_X=... cairn serve
            words.pop(0)
        if len(words) > 1 and (words[0] == "cairn" or words[0].endswith("/cairn")):
            commands.append(words[1:])
    return commands


def flags_of(words: list[str]) -> list[str]:
    return [w.split("=", 1)[0] for w in words if re.match(r"^--[a-z][a-z0-9-]*", w)]


def server_flag_uses(page_name: str, text: str) -> list[tuple[tuple[str, ...], str]]:
    """(subcommand path, flag) for every flag the docs show for the server binary."""
    uses = []
    for snippet in command_snippets(text):
        for words in cairn_commands(snippet):
            if words[0] not in SERVER_SUBCOMMANDS:
                continue
            sub = tuple(words[:2]) if words[0] == "admin" and len(words) > 1 and not words[1].startswith("-") else (words[0],)
            uses.extend((sub, flag) for flag in flags_of(words[len(sub):]))
    if page_name == "operations.md":
        # The configuration and retention tables: every flag in them is a `serve` flag.
        for line in text.splitlines():
            if line.startswith("| `--"):
                uses.extend((("serve",), flag) for flag in re.findall(r"`(--[a-z0-9-]+)", line))
    return uses


def flag_in_help(flag: str, help_text: str) -> bool:
    """CLI11 lists options as `  --name TEXT` or `-h,--help`: the whole name, not a prefix of a longer one."""
    return re.search(rf"(^|[\s,]){re.escape(flag)}(?=[\s=,]|$)", help_text, re.M) is not None


def server_binary() -> Path | None:
    binary = Path(os.environ.get("CAIRN_BIN") or REPO / "build" / "cairn")
    return binary if binary.is_file() and os.access(binary, os.X_OK) else None


@cache
def server_help(binary: Path, sub: tuple[str, ...]) -> str:
    done = subprocess.run([str(binary), *sub, "--help"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, f"{binary} {' '.join(sub)} --help failed: {done.stderr}"
    return done.stdout


def client_flag_problems(page_name: str, text: str, cli) -> list[str]:
    """Flags shown for the Python client's commands that its click command does not have."""
    import click

    problems = []
    for snippet in command_snippets(text):
        for words in cairn_commands(snippet):
            if words[0] in SERVER_SUBCOMMANDS:
                continue
            command, options = cli, {o for p in cli.params for o in p.opts}  # global options
            rest = list(words)
            while rest and isinstance(command, click.Group):
                word = rest.pop(0)
                if word.startswith("-"):  # a global option (and maybe its value) before the command
                    if rest and not rest[0].startswith("-") and word in {"--url", "--org", "--project", "-o", "--output"}:
                        rest.pop(0)
                    continue
                sub = command.get_command(None, word)  # type: ignore[arg-type]
                if sub is None:
                    problems.append(f"{page_name}: `cairn {' '.join(words)}`: no command {word!r}")
                    break
                command = sub
                options |= {o for p in command.params for o in p.opts}
            else:
                problems.extend(
                    f"{page_name}: `cairn {' '.join(words)}`: no option {flag}"
                    for flag in flags_of(rest) if flag not in options
                )
    return problems


@cache
def client_cli():
    """The click group of sdk/python's `cairn`, from this checkout; None without click."""
    pytest.importorskip("click")
    sys.path.insert(0, str(REPO / "sdk" / "python" / "src"))
    try:
        from cairn.cli.main import cli
    except ImportError as exc:  # the package's own dependencies (httpx, ...) missing
        pytest.skip(f"sdk/python's CLI does not import here: {exc}")
    finally:
        sys.path.pop(0)
    return cli


# --- the tests --------------------------------------------------------------------------------


def page_ids() -> list[str]:
    return [str(p.relative_to(REPO)) for p in PAGES]


@pytest.fixture(params=PAGES, ids=page_ids())
def page(request) -> tuple[Path, str]:
    return request.param, request.param.read_text(encoding="utf-8")


def test_the_guides_are_there_and_the_readme_links_them():
    guides = ["getting-started", "concepts", "tracking-with-mlflow", "registry", "deploying", "monitoring",
              "alerts", "api-keys-and-roles", "operations", "migrating-from-mlflow"]
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for guide in guides:
        assert (DOCS / f"{guide}.md").is_file(), guide
        assert f"({guide}.md)" in index, f"docs/README.md does not link {guide}.md"
    assert "(docs/README.md)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_relative_links_resolve(page):
    path, text = page
    problems = broken_links(path, text)
    assert not problems, "\n".join(problems)


def test_api_paths_exist_in_openapi(page):
    path, text = page
    problems = unknown_api_paths(path.name, text)
    assert not problems, "\n".join(problems)


def test_server_flags_are_in_the_binarys_help(page):
    path, text = page
    uses = server_flag_uses(path.name, text)
    if not uses:
        pytest.skip("no server flags on this page")
    binary = server_binary()
    if binary is None:
        pytest.skip("no server binary: set CAIRN_BIN or build build/cairn")
    missing = [f"{path.name}: cairn {' '.join(sub)} {flag}" for sub, flag in uses
               if not flag_in_help(flag, server_help(binary, sub))]
    assert not missing, "\n".join(missing)


def test_client_flags_are_options_of_the_sdk_cli(page):
    path, text = page
    problems = client_flag_problems(path.name, text, client_cli())
    assert not problems, "\n".join(problems)


def test_checkers_report_what_is_wrong(tmp_path):
    """Each checker finds a planted mistake (so a regex that silently matched nothing would fail)."""
    page = tmp_path / "page.md"
    page.write_text("x")
    (tmp_path / "other.md").write_text("# A heading\n")
    text = ("[ok](other.md#a-heading) [gone](missing.md) [bad anchor](other.md#nope) [web](https://example.com)\n"
            "`GET /api/v1/orgs/acme/projects/churn/deployments/iris-api/rollback` and `$P/monitors/m/drift?from=1`\n"
            "`POST $P/nothing-here` and `/v2/models/<endpoint_name>/infer`\n")
    assert broken_links(page, text) == ["page.md: missing.md (no " + str(tmp_path / "missing.md") + ")",
                                        "page.md: other.md#nope (no heading #nope in other.md)"]
    assert unknown_api_paths("page.md", text) == [
        "page.md: GET /api/v1/orgs/acme/projects/churn/deployments/iris-api/rollback is not an operation of "
        "api/openapi.yaml",
        "page.md: /api/v1/orgs/{org}/projects/{project}/nothing-here is not a path of api/openapi.yaml",
    ]
    shell = "```sh\ncairn serve --port 8080 --no-such-flag  # comment --ignored\ncairn admin gc --dry-run\n```\n"
    assert server_flag_uses("page.md", shell) == [
        (("serve",), "--port"), (("serve",), "--no-such-flag"), (("admin", "gc"), "--dry-run")]
    help_text = "Options:\n  -h,--help  Print this help\n  --older-than-days INT REQUIRED\n"
    assert flag_in_help("--older-than-days", help_text) and flag_in_help("--help", help_text)
    assert not flag_in_help("--older-than", help_text) and not flag_in_help("--days", help_text)
    assert server_flag_uses("operations.md", "| `--host`, `--port` | x |") == [
        (("serve",), "--host"), (("serve",), "--port")]
    client = "`cairn --project churn deploy iris-api --model iris --bogus` and `cairn nosuch thing`"
    assert client_flag_problems("page.md", client, client_cli()) == [
        "page.md: `cairn --project churn deploy iris-api --model iris --bogus`: no option --bogus",
        "page.md: `cairn nosuch thing`: no command 'nosuch'",
    ]
