#!/usr/bin/env bash
# Installs what the anahp-sync container image holds, on Debian 12 (the image's base,
# python:3.11-slim-bookworm): unixODBC with FreeTDS and Microsoft ODBC Driver 18 for SQL
# Server, then the app in a virtual environment, then checks both drivers load.
#
# The Dockerfile runs it. No container engine runs on the development and CI machines,
# so CI runs this same script on its own Debian machine (tests/packaging/test_container.py)
# to prove the steps work; the image itself is not built there.
#
# Environment (defaults are the image's):
#   ANAHP_SOURCE      the app's source folder       (default: the repository holding this file)
#   ANAHP_PREFIX      the virtual environment       (default: /opt/anahp-sync)
#   ACCEPT_EULA=Y     accept Microsoft's license for ODBC Driver 18 (required: Microsoft's
#                     package refuses to install without it; so does this script)
#   MSODBCSQL18_FROM  microsoft: Microsoft's Debian repository, as Microsoft documents (default)
#                     pypi: the same driver from Microsoft's wheel mssql-python-odbc, for a
#                     machine that cannot reach packages.microsoft.com (CI)
#   ODBCINST_DIR      where the drivers are registered (default: /etc, unixODBC's own file);
#                     another folder leaves the machine's driver list alone (point ODBCSYSINI at it)
#   ANAHP_APT_CLEAN=1 remove apt's package lists afterwards (a smaller image layer)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=${ANAHP_SOURCE:-$(cd "$here/../.." && pwd)}
prefix=${ANAHP_PREFIX:-/opt/anahp-sync}
driver_from=${MSODBCSQL18_FROM:-microsoft}
odbc_dir=${ODBCINST_DIR:-/etc}
driver_name="ODBC Driver 18 for SQL Server"

say() { printf '[install.sh] %s\n' "$*"; }
fail() { printf '[install.sh] error: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

[ "${ACCEPT_EULA:-}" = "Y" ] ||
  fail "Microsoft ODBC Driver 18 needs its license accepted: set ACCEPT_EULA=Y (docker build --build-arg ACCEPT_EULA=Y)."
case "$driver_from" in microsoft | pypi) ;; *) fail "MSODBCSQL18_FROM must be microsoft or pypi, not '$driver_from'." ;; esac
# shellcheck source=/dev/null
. /etc/os-release
[ "${ID:-}" = debian ] && [ "${VERSION_ID:-}" = 12 ] ||
  say "warning: written for Debian 12; this is ${PRETTY_NAME:-an unknown system}"

apt_updated=""
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive ACCEPT_EULA=Y \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# 1. unixODBC, FreeTDS (registers itself as [FreeTDS]), Kerberos and TLS roots for the drivers
apt_install ca-certificates unixodbc tdsodbc libgssapi-krb5-2

# 2. the app, in its own virtual environment (no GUI: the container runs anahp-sync only)
if [ ! -x "$prefix/bin/python" ]; then
  python3 -m venv "$prefix"
fi
say "pip install ${source_dir}[postgres] into $prefix"
"$prefix/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check "${source_dir}[postgres]"

# 3. Microsoft ODBC Driver 18 for SQL Server
mkdir -p "$odbc_dir"
if [ "$odbc_dir" != /etc ] && [ ! -f "$odbc_dir/odbcinst.ini" ]; then
  cp /etc/odbcinst.ini "$odbc_dir/odbcinst.ini"  # FreeTDS, as tdsodbc registered it
fi
if [ "$driver_from" = microsoft ]; then
  apt_install curl gnupg
  key=/usr/share/keyrings/microsoft-prod.gpg
  curl -fsSL https://packages.microsoft.com/keys/microsoft.asc | as_root gpg --batch --yes --dearmor -o "$key"
  echo "deb [arch=amd64,arm64 signed-by=$key] https://packages.microsoft.com/debian/12/prod bookworm main" |
    as_root tee /etc/apt/sources.list.d/mssql-release.list >/dev/null
  apt_updated=""  # the new repository must be read
  apt_install msodbcsql18  # registers itself in /etc/odbcinst.ini
  library=$(find /opt/microsoft/msodbcsql18/lib64 -name 'libmsodbcsql-18.*.so.*' | sort | head -n 1)
else
  "$prefix/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check \
    "mssql-python-odbc>=18.6,<19"
  [ "$(uname -m)" = x86_64 ] || fail "the mssql-python-odbc wheel carries Driver 18 for x86_64 only."
  library=$("$prefix/bin/python" -c 'import mssql_python_odbc, pathlib
p = pathlib.Path(mssql_python_odbc.__file__).parent / "libs/linux/debian_ubuntu/x86_64/lib"
print(sorted(p.glob("libmsodbcsql-18*.so*"))[0])')
fi
# (re)register it where unixODBC will look, keeping every other driver's section
"$prefix/bin/python" - "$odbc_dir/odbcinst.ini" "$driver_name" "$library" <<'PY'
import configparser, sys
path, name, library = sys.argv[1:]
ini = configparser.ConfigParser(interpolation=None)
ini.optionxform = str
ini.read(path)
ini[name] = {"Description": "Microsoft " + name, "Driver": library, "UsageCount": "1"}
with open(path, "w") as handle:
    ini.write(handle, space_around_delimiters=False)
PY

# 4. check: both drivers load through pyodbc, the command runs
ODBCSYSINI="$odbc_dir" "$prefix/bin/python" - "$driver_name" <<'PY'
import sys
import pyodbc
drivers = pyodbc.drivers()
missing = [name for name in ("FreeTDS", sys.argv[1]) if name not in drivers]
if missing:
    sys.exit(f"[install.sh] error: unixODBC does not list {missing} (it lists {drivers})")
print(f"[install.sh] ODBC drivers: {', '.join(drivers)}")
PY
"$prefix/bin/anahp-sync" --version

if [ "${ANAHP_APT_CLEAN:-}" = 1 ]; then
  as_root rm -rf /var/lib/apt/lists/*
fi
say "done: $prefix/bin/anahp-sync"
