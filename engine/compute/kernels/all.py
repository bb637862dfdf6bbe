"""Imports every kernel module so each registers its kernels."""

from __future__ import annotations

import importlib
import pkgutil

import engine.compute.kernels as _pkg

for _info in pkgutil.iter_modules(_pkg.__path__):
    if _info.name != "all":
        importlib.import_module(f"{_pkg.__name__}.{_info.name}")
