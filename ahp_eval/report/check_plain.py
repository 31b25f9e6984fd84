"""``ahp-eval check`` output: text lines, JSON, or GitHub workflow annotations."""

from __future__ import annotations

from ahp_eval.ahp.findings import FileReport

__all__ = ["render_check", "summary_line"]


def summary_line(reports: list[FileReport], skipped: list[str]) -> str:
    counts = {s: sum(r.status == s for r in reports) for s in ("ok", "inconsistent", "invalid")}
    files = "file" if len(reports) == 1 else "files"
    text = (
        f"checked {len(reports)} {files}: {counts['ok']} consistent, "
        f"{counts['inconsistent']} inconsistent, {counts['invalid']} invalid"
    )
    if skipped:
        text += f"; {len(skipped)} other YAML {'file' if len(skipped) == 1 else 'files'} skipped"
    return text


def _escape_property(text: str) -> str:
    return (
        text.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_check(
    reports: list[FileReport],
    skipped: list[str],
    fmt: str,
    exit_code: int,
    verbose: bool = False,
) -> str:
    """The findings in ``text``, ``json``, ``github`` or ``junit`` form (summary excluded
    for text)."""
    if fmt == "junit":
        from ahp_eval.report.check_junit import render_junit

        return render_junit(reports)
    if fmt == "json":
        import json

        doc = {
            "format": "ahp-eval/check",
            "format_version": 1,
            "exit_code": exit_code,
            "summary": summary_line(reports, skipped),
            "skipped": len(skipped),
            "skipped_files": skipped,
            "skipped_reasons": {str(p): getattr(p, "reason", _OTHER_YAML) for p in skipped},
            "files": [r.to_dict() for r in reports],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    lines: list[str] = []
    for r in reports:
        if fmt == "github":
            for f in r.findings:
                kind = "notice" if f.severity == "hint" else "error"
                lines.append(
                    f"::{kind} file={_escape_property(f.path)},line={f.line},"
                    f"title={_escape_property('ahp-eval ' + f.severity)}::{_escape_data(f.message)}"
                )
        else:
            lines.extend(str(f) for f in r.findings)
            if verbose and r.status == "ok":
                cr = f", total CR {r.total_cr:.4f}" if r.total_cr is not None else ""
                lines.append(f"{r.path}: ok ({r.matrices} matrices{cr})")
    if verbose and fmt != "github":
        lines.extend(
            f"{path}: skipped ({getattr(path, 'reason', _OTHER_YAML)})" for path in skipped
        )
    return "".join(line + "\n" for line in lines)


_OTHER_YAML = "YAML without a top-level 'goal'"
"""Why a folder scan skips a file, unless the file says otherwise (``reason``)."""
