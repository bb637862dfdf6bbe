"""``pyspark.sql.functions`` for engine: ``from engine import functions as F``.

Each submodule holds one family of builders (they only build `Column` expressions; type
rules live in `engine.expr.signatures`, implementations in `engine.compute`).
"""

from __future__ import annotations

import importlib
import pkgutil

__all__: list[str] = []

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
    if _info.name.startswith("_"):
        continue
    _mod = importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_mod, "__all__", ()):
        globals()[_name] = getattr(_mod, _name)
        __all__.append(_name)

# ``F.window`` is the time-window function, not the ``window`` submodule imported above
from engine.functions.time_window import window as window  # noqa: E402
