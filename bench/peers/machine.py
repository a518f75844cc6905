"""The machine and software a run measured on, printed with the results."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import platform
import subprocess
from importlib import metadata
from typing import Optional

PACKAGES = ["leadrules", "zen-engine", "common-expression-language", "rule-engine", "cedarpy", "casbin",
            "transitions", "python-statemachine"]


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (the platform's guess
    elsewhere)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(package: str) -> Optional[str]:
    """The installed version of a distribution, or None."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def source() -> str:
    """The commit leadrules was built from, and whether core/ or python/
    had uncommitted changes ("unknown" outside a git checkout)."""
    repo = pathlib.Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain", "--", "core", "python"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + (" with uncommitted changes in core/ or python/" if dirty else "")


def describe(packages: Optional[list[str]] = None) -> list[str]:
    """Lines naming the date, CPU, cores, OS, Python, the versions of
    `packages` (by default the rule engines') and the leadrules source."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(f"{p} {version(p) or 'NOT INSTALLED'}" for p in packages or PACKAGES)
    return [
        f"date:     {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"cpu:      {cpu_model()}, {cores} cores available ({os.cpu_count()} online)",
        f"system:   {platform.system()} {platform.release()} {platform.machine()}",
        f"python:   {platform.python_implementation()} {platform.python_version()}",
        f"packages: {versions}",
        f"leadrules source: {source()}",
    ]
