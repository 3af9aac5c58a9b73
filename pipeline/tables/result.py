"""What a table reader gives back: values under canonical keys, findings, and which tables it saw."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..record import Finding, Value


@dataclass
class TableRead:
    """The result of reading template tables, from grids or from glued text."""

    values: dict[str, Value] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    versions: dict[str, set[str]] = field(default_factory=dict)  # table id → template versions seen
    found: set[str] = field(default_factory=set)  # tables ("t2"/"t3"/"t4") located

    def note(self, rule: str, message: str, keys: Sequence[str] = (), severity: str = "warning") -> None:
        """Add a finding of `rule` naming `keys`."""
        self.findings.append(Finding(rule=rule, severity=severity, message=message, keys=list(keys)))
