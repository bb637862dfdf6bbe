"""Numbers as the JVM prints them, for every place engine shows a value the way Spark does:
``show()``, column names, JSON and variant text, pivot column names."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def java_double(x: float, single: bool = False) -> str:
    """Java's Double.toString (Float.toString when `single`): the shortest digits that read back,
    plain from 1e-3 up to 1e7 and scientific outside (``1.0E20``, ``1.0E-5``), ``NaN``,
    ``Infinity``, ``-0.0``."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    value: Any = np.float32(x) if single else x
    if 1e-3 <= abs(x) < 1e7:
        text = np.format_float_positional(value, unique=True, trim="-")
        return text if "." in text else text + ".0"
    mant, exp = np.format_float_scientific(value, unique=True, trim="-").split("e")
    if "." not in mant:
        mant += ".0"
    return f"{mant}E{int(exp)}"
