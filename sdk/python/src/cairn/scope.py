"""Which organization and project a call is about, and the URL paths under them."""

from __future__ import annotations

from urllib.parse import quote


def segment(value: str | int, *, what: str) -> str:
    """One path segment, percent-encoded (a model name may hold ``/`` or spaces)."""
    text = str(value)
    if not text:
        raise ValueError(f"{what} must not be empty")
    return quote(text, safe="")


def split_project(project: str) -> tuple[str | None, str]:
    """``"org/project"`` names both; ``"project"`` only the project."""
    if project.count("/") == 1:
        org, name = project.split("/")
        if org and name:
            return org, name
    if "/" in project:
        raise ValueError(f"project {project!r}: expected 'project' or 'org/project'")
    return None, project


def org_path(org: str) -> str:
    return f"/api/v1/orgs/{segment(org, what='org')}"


def project_path(org: str, project: str) -> str:
    return f"{org_path(org)}/projects/{segment(project, what='project')}"
