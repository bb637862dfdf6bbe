"""The optimizer's rules, one per module, and the batches they run in."""

from __future__ import annotations

from engine.optimizer.driver import Batch

BATCHES: tuple[Batch, ...] = ()
