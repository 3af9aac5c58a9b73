"""xxgk: Chinese government information-disclosure annual reports into validated data.

The stages, one module each: `read` → `segment` → `extract` → `validate` → `compare`.
"""
from .core import parse_bytes, parse_path
from .record import SCHEMA_VERSION, Record

__all__ = ["parse_path", "parse_bytes", "Record", "SCHEMA_VERSION"]
__version__ = "0.1.0"
