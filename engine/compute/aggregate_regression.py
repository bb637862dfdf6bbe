"""The linear-regression aggregates regr_* over the rows where both y and x are non-null.

regr_count counts those rows; regr_avgx / regr_avgy are avg of x / y over them (so decimals
keep avg's decimal result); the others finish from the co-moment state covar_pop and corr
keep (n, mean y, mean x, C, M2y, M2x), with Spark's formulas:

- regr_sxx = M2x, regr_syy = M2y, regr_sxy = C (null for an empty group)
- regr_slope = covar_pop / var_pop(x), regr_intercept = avg(y) - slope * avg(x)
  (null when var_pop(x) is 0)
- regr_r2 = null when var_pop(x) is 0, else 1 when var_pop(y) is 0, else corr^2
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.aggregate_support import AceroStep, AggFunction, Groups
from engine.compute.context import EvalContext
from engine.expr.nodes import AggCall


def _both(args: list[pa.Array], which: int) -> pa.Array:
    """Argument `which`, null where the other argument is null."""
    other = args[1 - which]
    if other.null_count == 0:
        return args[which]
    return pc.if_else(other.is_null(), pa.scalar(None, args[which].type), args[which])


class RegrAvg(AggFunction):
    """regr_avgx (x, argument 1) / regr_avgy (y, argument 0): avg over rows with both set."""

    states = 2

    def __init__(self, which: int) -> None:
        from engine.compute.aggregate_functions import Avg

        self.which = which
        self.avg = Avg()

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return self.avg.state([_both(args, self.which)], g, call)

    def acero_state(self, args: list[pa.Array], call: AggCall) -> list[AceroStep] | None:
        return self.avg.acero_state([_both(args, self.which)], call)

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return self.avg.merge(states, g, call)

    def acero_merge(self, states: list[pa.Array], call: AggCall) -> list[AceroStep] | None:
        return self.avg.acero_merge(states, call)

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        return self.avg.final(states, call, ctx)


def _regression_final(kind: str):  # type: ignore[no-untyped-def]
    def final(states: list[pa.Array]) -> pa.Array:
        n, my, mx, c, m2y, m2x = (np.asarray(s.to_numpy(zero_copy_only=False), dtype=float) for s in states)
        empty = n == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            if kind == "regr_sxx":
                return pa.array(m2x, pa.float64(), mask=empty)
            if kind == "regr_syy":
                return pa.array(m2y, pa.float64(), mask=empty)
            if kind == "regr_sxy":
                return pa.array(c, pa.float64(), mask=empty)
            var_x, var_y = m2x / n, m2y / n
            flat_x = empty | (var_x == 0)
            slope = (c / n) / var_x
            if kind == "regr_slope":
                return pa.array(slope, pa.float64(), mask=flat_x)
            if kind == "regr_intercept":
                return pa.array(my - slope * mx, pa.float64(), mask=flat_x)
            corr = c / np.sqrt(m2x * m2y)
            return pa.array(np.where(var_y == 0, 1.0, corr * corr), pa.float64(), mask=flat_x)

    return final


class Regression(AggFunction):
    """regr_sxx/syy/sxy/slope/intercept/r2 from covar_pop's co-moment state (y first, x second)."""

    states = 6

    def __init__(self, kind: str) -> None:
        from engine.compute.aggregate_functions import CoMoments

        self.moments = CoMoments("covar_pop")
        self.finish = _regression_final(kind)

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return self.moments.state(args, g, call)

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return self.moments.merge(states, g, call)

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        return self.finish(states)


def regression_aggregates() -> dict[str, AggFunction]:
    """Every regr_* aggregate by name (built on call: they reuse classes of aggregate_functions)."""
    from engine.compute.aggregate_functions import Count

    out: dict[str, AggFunction] = {"regr_count": Count(), "regr_avgx": RegrAvg(1), "regr_avgy": RegrAvg(0)}
    for kind in ("regr_sxx", "regr_syy", "regr_sxy", "regr_slope", "regr_intercept", "regr_r2"):
        out[kind] = Regression(kind)
    return out
