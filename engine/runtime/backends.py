"""Chooses the execution backend from ``spark.master``: local threads or Ray."""

from __future__ import annotations

import importlib
import os
import re
import threading
from typing import Any


def create_backend(conf: Any) -> Any:
    """``local[N]``/``local[*]``/``local`` -> threads; ``ray``/``ray://...``/unset -> Ray; anything else is an error."""
    master = conf.get("spark.master", None) or os.environ.get("ENGINE_MASTER") or os.environ.get("MASTER")
    max_failures = int(conf.get("spark.task.maxFailures", "4"))
    if master is not None and master.startswith("local"):
        from engine.runtime.local import LocalBackend

        m = re.fullmatch(r"local(?:\[(\*|\d+)(?:\s*,\s*(\d+))?\])?", master.strip())
        if m is None:
            from engine.errors import IllegalArgumentException

            raise IllegalArgumentException(
                f"Could not parse Master URL: '{master}'. Use local, local[N], local[*], ray or ray://host:port."
            )
        threads = os.cpu_count() or 1 if m.group(1) in (None, "*") else int(m.group(1))
        if m.group(1) is None:
            threads = 1
        failures = int(m.group(2)) if m.group(2) else 1
        return LocalBackend(threads, failures)
    if master is not None and master.strip() != "ray" and not master.startswith("ray://"):
        from engine.errors import IllegalArgumentException

        hint = f" To join the Ray cluster at {master}, use ray://{master}." if re.fullmatch(r"[\w.\-]+:\d+", master) else ""
        raise IllegalArgumentException(
            f"Could not parse Master URL: '{master}'. Use local, local[N], local[*], ray (this process's Ray, "
            f"the one RAY_ADDRESS names, or a new local one) or ray://host:port (a Ray head's GCS or Ray Client "
            f"address).{hint}"
        )
    # pyarrow imports pandas on its first pa.array of Python values (~0.3 s), which would
    # land in the first query; import it while Ray starts its processes instead.
    threading.Thread(target=importlib.import_module, args=("pandas",), daemon=True).start()
    from engine.runtime.ray_backend import RayBackend

    return RayBackend(conf, master, max_failures)
