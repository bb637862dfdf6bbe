"""exp and log as Java's StrictMath computes them (fdlibm's e_exp.c and e_log.c), vectorized.

Spark's exp, ln, log and log2 call StrictMath, whose results differ from the C library's
(numpy's) in the last bit for some inputs: exp(1) is 2.7182818284590455 in Spark and
2.718281828459045 in numpy, ln(3) 1.0986122886681096 against 1.0986122886681098. The same
IEEE double operations in the same order give the same bits, so fdlibm's algorithms are
followed step by step here over whole arrays (one numpy pass per step, a mask per branch).
"""

from __future__ import annotations

import numpy as np

_LN2_HI = float.fromhex("0x1.62e42fee00000p-1")
_LN2_LO = float.fromhex("0x1.a39ef35793c76p-33")
_INV_LN2 = float.fromhex("0x1.71547652b82fep+0")
_P = [float.fromhex(h) for h in (
    "0x1.555555555553ep-3", "-0x1.6c16c16bebd93p-9", "0x1.1566aaf25de2cp-14", "-0x1.bbd41c5d26bf1p-20",
    "0x1.6376972bea4d0p-25",
)]  # fmt: skip
_LG = [float.fromhex(h) for h in (
    "0x1.5555555555593p-1", "0x1.999999997fa04p-2", "0x1.2492494229359p-2", "0x1.c71c51d8e78afp-3",
    "0x1.7466496cb03dep-3", "0x1.39a09d078c69fp-3", "0x1.2f112df3e5244p-3",
)]  # fmt: skip
_O_THRESHOLD = float.fromhex("0x1.62e42fefa39efp+9")
_U_THRESHOLD = float.fromhex("-0x1.74910d52d3051p+9")
_TWOM1000 = 2.0**-1000


def _high(x: np.ndarray) -> np.ndarray:
    """The high 32 bits of each double, as a signed int64 (fdlibm's __HI, sign included)."""
    return (x.view(np.int64) >> 32).astype(np.int64)


def strict_exp(x: np.ndarray) -> np.ndarray:
    """StrictMath.exp of each value (fdlibm's __ieee754_exp)."""
    x = np.asarray(x, dtype=np.float64)
    hx = _high(x) & 0x7FFFFFFF
    negative = x < 0
    with np.errstate(all="ignore"):
        # argument reduction: x = k*ln2 + hi - lo, |hi - lo| <= 0.5*ln2
        near = (hx > 0x3FD62E42) & (hx < 0x3FF0A2B2)  # 0.5*ln2 < |x| < 1.5*ln2
        far = hx >= 0x3FF0A2B2
        k = np.where(near, np.where(negative, -1, 1), 0)
        kf = np.trunc(_INV_LN2 * x + np.where(negative, -0.5, 0.5))
        k = np.where(far, kf, k).astype(np.int64)
        t = k.astype(np.float64)
        hi = np.where(near, x - np.where(negative, -_LN2_HI, _LN2_HI), np.where(far, x - t * _LN2_HI, x))
        lo = np.where(near, np.where(negative, -_LN2_LO, _LN2_LO), np.where(far, t * _LN2_LO, 0.0))
        r = np.where(near | far, hi - lo, x)
        tt = r * r
        c = r - tt * (_P[0] + tt * (_P[1] + tt * (_P[2] + tt * (_P[3] + tt * _P[4]))))
        y0 = 1.0 - ((r * c) / (c - 2.0) - r)
        y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
        scaled = np.where(k >= -1021, np.ldexp(y, k), np.ldexp(y, k + 1000) * _TWOM1000)
        out = np.where(k == 0, y0, scaled)
        out = np.where(hx < 0x3E300000, 1.0 + x, out)  # |x| < 2**-28
        out = np.where(x > _O_THRESHOLD, np.inf, out)
        out = np.where(x < _U_THRESHOLD, 0.0, out)
        out = np.where(np.isnan(x), x, out)
        return np.where(np.isinf(x), np.where(negative, 0.0, np.inf), out)


def strict_log(x: np.ndarray) -> np.ndarray:
    """StrictMath.log of each value (fdlibm's __ieee754_log): -inf at 0, NaN below."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        subnormal = (x > 0) & (x < 2.0**-1022)
        v = np.where(subnormal, x * 2.0**54, x)
        k = np.where(subnormal, -54, 0).astype(np.int64)
        hx = _high(v)
        k += (hx >> 20) - 1023
        hx &= 0x000FFFFF
        i = (hx + 0x95F64) & 0x100000
        bits = (v.view(np.int64) & 0xFFFFFFFF) | ((hx | (i ^ 0x3FF00000)) << 32)
        v = bits.view(np.float64)  # x or x/2, normalized into [sqrt(2)/2, sqrt(2))
        k += i >> 20
        f = v - 1.0
        dk = k.astype(np.float64)
        # |f| < 2**-20
        r_small = f * f * (0.5 - 0.33333333333333333 * f)
        small = np.where(k == 0, f - r_small, dk * _LN2_HI - ((r_small - dk * _LN2_LO) - f))
        small = np.where(f == 0.0, np.where(k == 0, 0.0, dk * _LN2_HI + dk * _LN2_LO), small)
        s = f / (2.0 + f)
        z = s * s
        w = z * z
        t1 = w * (_LG[1] + w * (_LG[3] + w * _LG[5]))
        t2 = z * (_LG[0] + w * (_LG[2] + w * (_LG[4] + w * _LG[6])))
        big_r = t2 + t1
        use_hfsq = ((hx - 0x6147A) | (0x6B851 - hx)) > 0
        hfsq = 0.5 * f * f
        with_hfsq = np.where(
            k == 0, f - (hfsq - s * (hfsq + big_r)), dk * _LN2_HI - ((hfsq - (s * (hfsq + big_r) + dk * _LN2_LO)) - f)
        )
        without = np.where(k == 0, f - s * (f - big_r), dk * _LN2_HI - ((s * (f - big_r) - dk * _LN2_LO) - f))
        out = np.where(use_hfsq, with_hfsq, without)
        out = np.where((0x000FFFFF & (2 + hx)) < 3, small, out)
        out = np.where(x == 0, -np.inf, out)
        out = np.where(x < 0, np.nan, out)
        return np.where(np.isnan(x) | np.isposinf(x), x + x, out)


_Q = [float.fromhex(h) for h in (
    "-0x1.11111111110f4p-5", "0x1.a01a019fe5585p-10", "-0x1.4ce199eaadbb7p-14", "0x1.0cfca86e65239p-18",
    "-0x1.afdb76e09c32dp-23",
)]  # fmt: skip


def strict_expm1(x: np.ndarray) -> np.ndarray:
    """StrictMath.expm1 of each value (fdlibm's s_expm1.c)."""
    x = np.asarray(x, dtype=np.float64)
    hx = _high(x) & 0x7FFFFFFF
    negative = x < 0
    with np.errstate(all="ignore"):
        near = (hx > 0x3FD62E42) & (hx < 0x3FF0A2B2)
        far = hx >= 0x3FF0A2B2
        k = np.where(near, np.where(negative, -1, 1), 0)
        kf = np.trunc(_INV_LN2 * x + np.where(negative, -0.5, 0.5))
        k = np.where(far, kf, k).astype(np.int64)
        t = k.astype(np.float64)
        hi = np.where(near, np.where(negative, x + _LN2_HI, x - _LN2_HI), np.where(far, x - t * _LN2_HI, x))
        lo = np.where(near, np.where(negative, -_LN2_LO, _LN2_LO), np.where(far, t * _LN2_LO, 0.0))
        reduced = near | far
        r = np.where(reduced, hi - lo, x)
        c = np.where(reduced, (hi - r) - lo, 0.0)
        hfx = 0.5 * r
        hxs = r * hfx
        r1 = 1.0 + hxs * (_Q[0] + hxs * (_Q[1] + hxs * (_Q[2] + hxs * (_Q[3] + hxs * _Q[4]))))
        tt = 3.0 - r1 * hfx
        e = hxs * ((r1 - tt) / (6.0 - r * tt))
        out_k0 = r - (r * e - hxs)
        e = (r * (e - c) - c) - hxs
        out_m1 = 0.5 * (r - e) - 0.5
        out_1 = np.where(r < -0.25, -2.0 * (e - (r + 0.5)), 1.0 + 2.0 * (r - e))
        # |k| large: exp(x) - 1 through y * 2**k
        y_wide = np.ldexp(1.0 - (e - r), k) - 1.0
        kc = np.clip(k, 0, 63)
        t_small = 1.0 - np.ldexp(1.0, -kc)  # 1 - 2**-k, exact for k < 20
        y_small = np.ldexp(t_small - (e - r), k)
        y_mid = np.ldexp((r - (e + np.ldexp(1.0, -kc))) + 1.0, k)
        out = np.where(k < 20, y_small, y_mid)
        out = np.where((k <= -2) | (k > 56), y_wide, out)
        out = np.where(k == 1, out_1, out)
        out = np.where(k == -1, out_m1, out)
        out = np.where(k == 0, out_k0, out)
        out = np.where(hx < 0x3C900000, x, out)  # |x| < 2**-54
        out = np.where(negative & (hx >= 0x4043687A), -1.0, out)  # x < -56*ln2
        out = np.where(x > _O_THRESHOLD, np.inf, out)
        return np.where(np.isnan(x), x, out)


def strict_cosh(x: np.ndarray) -> np.ndarray:
    """StrictMath.cosh of each value (fdlibm's e_cosh.c)."""
    x = np.asarray(x, dtype=np.float64)
    ax = np.abs(x)
    ix = _high(x) & 0x7FFFFFFF
    with np.errstate(all="ignore"):
        t = strict_expm1(ax)
        w = 1.0 + t
        small = np.where(ix < 0x3C800000, w, 1.0 + (t * t) / (w + w))
        e = strict_exp(ax)
        middle = 0.5 * e + 0.5 / e
        half_w = strict_exp(0.5 * ax)
        large = np.where(ix < 0x40862E42, 0.5 * e, (0.5 * half_w) * half_w)
        out = np.where(ix < 0x3FD62E43, small, np.where(ix < 0x40360000, middle, large))
        out = np.where(ax > float.fromhex("0x1.633ce8fb9f87dp+9"), np.inf, out)
        return np.where(ix >= 0x7FF00000, x * x, out)
