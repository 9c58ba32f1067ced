"""The machine a run was measured on: CPU, cores, memory, Python and the packages that matter."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata

PACKAGES = ["streamlit", "pandas", "pyarrow", "numpy", "plotly", "pydeck", "duckdb", "playwright"]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
        return kb / 1024 / 1024
    except (OSError, StopIteration):
        return None


def _chromium() -> str:
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                             timeout=30)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "not found"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe() -> dict:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "chromium": _chromium(),
        "packages": {p: _version(p) for p in PACKAGES},
        "load_average": [round(x, 1) for x in load] if load else None,
    }
