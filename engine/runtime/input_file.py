"""The file a task's rows come from, for input_file_name().

A scan reads one split (one file) per partition, so a stage whose pipeline reads straight
from a scan knows the file of every row it computes. Above a shuffle, a coalesce or a join
the rows mix files and Spark answers the empty string; so does a scan-less stage.
"""

from __future__ import annotations

from pathlib import Path

from engine.physical import nodes as P
from engine.physical.planner import num_partitions


def input_file_of(op: object, p: int) -> str:
    """The URI of the file partition `p` of `op` reads (``file:///dir/part-0.csv``), or ''."""
    match op:
        case P.ScanExec(splits=splits):
            return _uri(splits[p].path) if p < len(splits) else ""
        case P.UnionExec(children=children):
            for child in children:
                k = num_partitions(child)
                if p < k:
                    return input_file_of(child, p)
                p -= k
            return ""
        case P.CoalesceExec():
            return ""
        case _:
            child = getattr(op, "child", None)
            return input_file_of(child, p) if child is not None else ""


def _uri(path: str) -> str:
    """A local path as the URI Spark prints; a path that is a URI already stays as it is."""
    return path if "://" in path else Path(path).absolute().as_uri()
