"""Run pip-audit on the installed packages when its advisory source (PyPI's vulnerability data)
answers; otherwise say plainly that it was skipped and why. It needs the network: a package
index mirror without advisory data answers "not found" for every package, which is no audit."""

import json
import shutil
import subprocess
import sys
from pathlib import Path


def main():
    audit = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or "pip-audit"
    args = [audit, "--progress-spinner", "off", "--format", "json", "--skip-editable"]
    try:
        result = subprocess.run(args, check=False, capture_output=True, text=True, timeout=300)  # noqa: S603  # nosec B603
    except subprocess.TimeoutExpired:
        print("SKIPPED pip-audit: the advisory source did not answer within 5 minutes.")
        return 0
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        reason = (result.stderr.strip().splitlines() or ["no answer"])[-1]
        print(f"SKIPPED pip-audit: the advisory source could not be read ({reason}).")
        return 0
    packages = report.get("dependencies", [])
    audited = [p for p in packages if "skip_reason" not in p]
    if not audited:
        print(f"SKIPPED pip-audit: the advisory source answered for none of the {len(packages)} packages.")
        return 0
    vulnerable = [p for p in audited if p.get("vulns")]
    for package in vulnerable:
        ids = ", ".join(v["id"] for v in package["vulns"])
        print(f"pip-audit: {package['name']} {package['version']}: {ids}")
    summary = f"{len(audited)} of {len(packages)} packages audited, {len(vulnerable)} with known advisories"
    print(f"pip-audit: {summary}.")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
