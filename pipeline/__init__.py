"""xxgk: Chinese government information-disclosure annual reports into validated data.

The stages, one module each: `read` → `segment` → `extract` → `validate` → `compare`.

The compare API works on the output folder of `xxgk parse` (pandas DataFrames):
`load(out_dir)` → `Dataset` (reports, values, figures, findings); `panel(values, keys)` → a wide
agency × year table; `compute_metrics(values)` → derived metrics; `yoy(panel)`; `rank(frame, key, year)`;
`reuse_between(ds, a, b)` / `reuse_series(ds)` → text reuse. It is imported on first use, so that
parsing does not pay for pandas.
"""
from .core import parse_bytes, parse_path
from .record import SCHEMA_VERSION, Record

_COMPARE_API = ("Dataset", "load", "panel", "yoy", "rank", "compute_metrics", "definitions", "reuse_between",
                "reuse_series")

__all__ = ["parse_path", "parse_bytes", "Record", "SCHEMA_VERSION", *_COMPARE_API]
__version__ = "0.1.0"


def __getattr__(name: str):
    """The compare API, imported lazily."""
    if name in _COMPARE_API:
        from . import compare

        return getattr(compare, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
