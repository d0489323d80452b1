# Shared by scripts/run and scripts/test: make .venv and install the dependencies listed in
# pyproject.toml (and the given extra), again whenever pyproject.toml changes (compared by
# content, not by date, so a clock moved by faketime cannot skip an install).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
extras="${1:-}"
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment in .venv"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed${extras:+-$extras}"
wanted_hash="$(cksum < pyproject.toml)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted_hash" ]; then
  echo "==> Installing dependencies${extras:+ (with $extras extras)}"
  .venv/bin/python - "$extras" > .venv/requirements.txt <<'PY'
import sys, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
wanted = list(project["dependencies"])
for extra in filter(None, sys.argv[1].split(",")):
    wanted += project["optional-dependencies"][extra]
print("\n".join(wanted))
PY
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r .venv/requirements.txt
  echo "$wanted_hash" > "$stamp"
fi
