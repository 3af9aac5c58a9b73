"""xxgk: Chinese government information-disclosure annual reports into validated data.

The stages are folders: `read` → `text` → `tables` → `extract` → `validate`, chained by `core`;
`batch` runs many documents, `compare` analyses the output, `review` writes what oversight bodies
read, `crawl` fetches reports; `domain` holds the knowledge every stage shares.

The public API is imported on first use, so that `import pipeline` is cheap:
`parse_path(path)` / `parse_bytes(data, name)` → `Record`; and, on the output folder of `xxgk parse`
(pandas DataFrames), `load(out_dir)` → `Dataset` (reports, values, figures, findings); `panel(values,
keys)` → a wide agency × year table; `compute_metrics(values)` → derived metrics; `yoy(panel)`;
`rank(frame, key, year)`; `reuse_between(ds, a, b)` / `reuse_series(ds)` → text reuse.
"""
from .version import __version__

_API = {"parse_path": "core", "parse_bytes": "core", "Record": "record", "SCHEMA_VERSION": "record",
        **{name: "compare" for name in ("Dataset", "load", "panel", "yoy", "rank", "compute_metrics",
                                         "definitions", "reuse_between", "reuse_series")}}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    """The public API, each name imported from its module on first use."""
    if name in _API:
        from importlib import import_module

        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
