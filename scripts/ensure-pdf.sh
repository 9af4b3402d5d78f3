#!/usr/bin/env bash
# The PDF files of the staff console (attendance list, booth signs, result sheet) are made by WeasyPrint, which loads
# Debian's Pango and HarfBuzz and needs a font with Vietnamese glyphs (DejaVu). Installs whatever is missing; a machine
# where they cannot be installed fails the run (the PDF tests never skip). Quick when all is there.
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig fonts-dejavu-core)
missing=()
for package in "${PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" != "installed" ]; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing the system packages WeasyPrint needs: ${missing[*]}…"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
PY=${PY:-.venv/bin/python}
"$PY" -c "import weasyprint; print('WeasyPrint', weasyprint.__version__, 'can make PDF files.')"
