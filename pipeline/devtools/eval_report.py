"""The output of `xxgk eval`: a readable report, or one JSON object a script or CI can hold a line on."""
from __future__ import annotations

from typing import Any, Optional, Sequence

from .eval_figures import figures_summary
from .eval_findings import findings_summary
from .evaluate import MISSING, DocScore


def summary(scores: Sequence[DocScore]) -> dict[str, Any]:
    """Per kind the items right and total; findings and figures with precision and recall; silent_wrong."""
    parts: dict[str, dict[str, int]] = {}
    for s in scores:
        for kind, (right, total) in s.by_part.items():
            p = parts.setdefault(kind, {"right": 0, "total": 0})
            p["right"] += right
            p["total"] += total
    right, total = sum(s.right for s in scores), sum(s.total for s in scores)
    return {"documents": len(scores), **parts, "overall": {"right": right, "total": total},
            "findings": findings_summary([s.findings for s in scores if s.findings is not None]),
            "figures": figures_summary([s.figures for s in scores]),
            "silent_wrong": sum(len(s.silent) for s in scores)}


def report(scores: Sequence[DocScore], show: int = 20) -> str:
    """Per document: items right, mismatches, figures, findings missed and false; then the totals."""
    lines = []
    width = max((len(s.doc) for s in scores), default=10)
    for s in scores:
        parts = "  ".join(f"{k} {v[0]}/{v[1]}" for k, v in s.by_part.items())
        lines.append(f"{s.doc:<{width}}  {100 * s.share:6.2f}%  {parts}" + (f"  ERROR {s.error}" if s.error else ""))
        for m in s.mismatches[:show]:
            got = "(missing)" if m.got is MISSING else repr(m.got)
            lines.append(f"    {m.item}: expected {m.expected!r}, got {got}")
        if len(s.mismatches) > show:
            lines.append(f"    … {len(s.mismatches) - show} more")
        lines.extend(_figure_lines(s, show))
        lines.extend(_finding_lines(s, show))
    lines.extend(_totals(summary(scores)))
    silent = [f"{s.doc}:{k}" for s in scores for k in s.silent]
    lines.append(f"SILENT_WRONG {len(silent)} values present but wrong without a finding"
                 + (f": {', '.join(silent[:show])}" if silent else ""))
    return "\n".join(lines)


def _figure_lines(s: DocScore, show: int) -> list[str]:
    f = s.figures
    if not f.gold:
        return []
    head = f"    figures {f.matched}/{f.gold} found" + (f", {f.parsed - len(f.extra)}/{f.parsed} parsed right"
                                                       if f.complete else "")
    out = [head]
    out += [f"    figure not found: {g.label} {g.value} {g.unit} {g.qualifier}" for g in f.missed[:show]]
    out += [f"    figure not in gold: {x.get('label')} {x.get('value')} {x.get('unit')} {x.get('qualifier')}"
            f"  “{x.get('text', '')[-30:]}”" for x in f.extra[:show]]
    return out


def _finding_lines(s: DocScore, show: int) -> list[str]:
    f = s.findings
    if f is None:
        return []
    out = [f"    findings {len(f.matched)} at their place, {len(f.missed)} missed, {len(f.false_positives)} false"]
    out += [f"    finding missed: {g.rule} ({g.severity}) at {g.place()}: {g.why}" for g in f.missed[:show]]
    out += [f"    finding false: {x['rule']} ({x.get('severity')}) {x.get('message', '')[:80]}"
            for x in f.false_positives[:show]]
    out += [f"    finding severity: {g.rule} is {x.get('severity')}, gold says {g.severity}"
            for g, x in f.severity_differs()[:show]]
    return out


def _pct(share: Optional[float]) -> str:
    return "—" if share is None else f"{100 * share:.2f}%"


def _totals(total: dict[str, Any]) -> list[str]:
    kinds = [k for k in total if isinstance(total[k], dict) and "right" in total[k] and k != "overall"]
    o = total["overall"]
    share = 100 * o["right"] / o["total"] if o["total"] else 100.0
    detail = "  ".join(f"{k} {total[k]['right']}/{total[k]['total']}" for k in kinds)
    lines = [f"OVERALL {total['documents']} documents  {o['right']}/{o['total']} = {share:.2f}%  {detail}"]
    fig = total["figures"]
    if fig["gold"]:
        precision = (f"{fig['right_in_complete']}/{fig['parsed_in_complete']} = {_pct(fig['precision'])} (on "
                     f"{fig['complete_documents']} documents whose gold lists every figure)"
                     if fig["complete_documents"] else "not measured (no gold list is complete)")
        lines.append(f"FIGURES recall {fig['matched']}/{fig['gold']} = {_pct(fig['recall'])}  precision {precision}")
    fin = total["findings"]
    if fin["documents"]:
        lines.append(f"FINDINGS {fin['tp']} at their place, {fin['fp']} false ({fin['false_positives_error']} at "
                     f"error), {fin['missed']} missed: precision {_pct(fin['precision'])}  recall "
                     f"{_pct(fin['recall'])}  ({fin['documents']} documents)")
        for rule, r in fin["by_rule"].items():
            lines.append(f"    {rule:<34} tp {r['tp']:3}  fp {r['fp']:3}  missed {r['missed']:3}  "
                         f"precision {_pct(r['precision']):>7}  recall {_pct(r['recall']):>7}")
    return lines
