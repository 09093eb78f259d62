"""pip-audit over requirements.lock, for CI (.ci/run, `make audit-deps`).

Every pinned package is looked up in a vulnerability service (PyPI's JSON API by default,
PIP_AUDIT_SERVICE=osv for OSV). A known vulnerability fails the run (exit 1) with the package,
version, advisory and fixed versions. When the service cannot be asked — no network, DNS, a
mirror that serves packages but not the JSON API, a hang — the run does not hang and does not
pass silently: it prints a WARNING that says how many packages were NOT audited and why, and
exits 0 (PIP_AUDIT_STRICT=1 makes that a failure too). PIP_AUDIT_IGNORE lists advisory ids to
accept (comma-separated, each with a reason in the commit that adds it)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXIT_OK, EXIT_VULNERABLE, EXIT_NOT_AUDITED = 0, 1, 2


def _pip_audit_command(executable: str, requirements: Path, output: Path, service: str, timeout: int) -> list[str]:
    return [
        executable,
        "-r",
        str(requirements),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--vulnerability-service",
        service,
        "--timeout",
        str(timeout),
        "--format",
        "json",
        "--output",
        str(output),
    ]


def _warn(message: str) -> None:
    print(f"WARNING: dependency audit incomplete: {message}", file=sys.stderr)


def audit(
    *,
    executable: str,
    requirements: Path,
    service: str,
    request_timeout: int,
    total_timeout: int,
    ignore: set[str],
    strict: bool,
) -> int:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "pip-audit.json"
        command = _pip_audit_command(executable, requirements, output, service, request_timeout)
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=total_timeout, cwd=ROOT)
        except subprocess.TimeoutExpired:
            _warn(f"pip-audit did not finish within {total_timeout} s (is the {service} service reachable?).")
            return EXIT_NOT_AUDITED if strict else EXIT_OK
        except FileNotFoundError:
            _warn(f"{executable} is not installed (make install).")
            return EXIT_NOT_AUDITED if strict else EXIT_OK
        if not output.exists():
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            _warn(f"the {service} vulnerability service could not be asked: {last[:300]}")
            return EXIT_NOT_AUDITED if strict else EXIT_OK
        report = json.loads(output.read_text())

    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    found = []
    for dependency in dependencies:
        for vulnerability in dependency.get("vulns", []):
            ids = {vulnerability.get("id", ""), *vulnerability.get("aliases", [])}
            if ids & ignore:
                continue
            found.append((dependency, vulnerability))
    audited = len(dependencies) - len(skipped)
    print(
        f"pip-audit ({service}): {audited} of {len(dependencies)} pinned packages audited, "
        f"{len(found)} known vulnerabilities."
    )
    for dependency, vulnerability in found:
        fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed version yet"
        print(
            f"VULNERABLE {dependency['name']}=={dependency.get('version')}: "
            f"{vulnerability.get('id')} (fixed in {fixed})"
        )
    if skipped:
        names = ", ".join(d["name"] for d in skipped[:10]) + (" …" if len(skipped) > 10 else "")
        reason = skipped[0]["skip_reason"]
        _warn(
            f"{len(skipped)} of {len(dependencies)} packages were NOT audited ({names}); "
            f"the {service} service gave no answer for them, e.g. '{reason}'."
        )
    if found:
        return EXIT_VULNERABLE
    if skipped and strict:
        return EXIT_NOT_AUDITED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=Path, default=ROOT / "requirements.lock")
    parser.add_argument("--pip-audit", default=str(Path(sys.executable).with_name("pip-audit")))
    parser.add_argument("--service", default=os.environ.get("PIP_AUDIT_SERVICE", "pypi"))
    parser.add_argument("--request-timeout", type=int, default=int(os.environ.get("PIP_AUDIT_TIMEOUT", "10")))
    parser.add_argument("--total-timeout", type=int, default=int(os.environ.get("PIP_AUDIT_TOTAL_TIMEOUT", "300")))
    arguments = parser.parse_args(argv)
    ignore = {item.strip() for item in os.environ.get("PIP_AUDIT_IGNORE", "").split(",") if item.strip()}
    return audit(
        executable=arguments.pip_audit,
        requirements=arguments.requirements,
        service=arguments.service,
        request_timeout=arguments.request_timeout,
        total_timeout=arguments.total_timeout,
        ignore=ignore,
        strict=os.environ.get("PIP_AUDIT_STRICT", "") == "1",
    )


if __name__ == "__main__":
    sys.exit(main())
