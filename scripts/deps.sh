# Installs the system packages mk builds against (OpenBLAS, libedit, zlib) when they are missing.
# Sourced by scripts/tour and scripts/test; uses sudo when not root.
missing=()
for package in libopenblas-dev libedit-dev zlib1g-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
