# Sourced by the scripts: where cargo puts this repository's binaries.
# .cargo/config.toml names the host as the build target (so the release
# binary can be linked statically), so they land in target/<host triple>/.
# Usage: . scripts/target_dir.sh; "$(target_dir release)/minutes"
target_dir() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  echo "$root/target/$(rustc -vV | sed -n 's/^host: //p')/$1"
}
