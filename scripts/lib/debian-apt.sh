# SPDX-License-Identifier: MIT
# Sourced by the guest-image scripts: apt for one foreign architecture of Debian's archive with a
# private state directory (that architecture only, empty dpkg status, no host sources or
# preferences), so the host's package state is never touched. The mirror is copied from the
# host's own apt configuration at run time; nothing in the repository names one. Callers define
# log().

# The mirror URI, from the host's apt sources (deb822 first, then one-line), or
# TERN_DEBIAN_MIRROR.
debian_mirror_uri() {
  if [[ -n ${TERN_DEBIAN_MIRROR:-} ]]; then echo "$TERN_DEBIAN_MIRROR"; return; fi
  local f=/etc/apt/sources.list.d/debian.sources uri=""
  if [[ -r $f ]]; then
    # First stanza of Types: deb whose URI and suites are not the security archive.
    uri=$(awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && uri != "" && uri !~ /security/ && suites !~ /-security/) {
          print uri; found = 1; exit
        }
        types = ""; uri = ""; suites = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "types:" { types = $0; sub(/^[^:]*:[ \t]*/, "", types) }
      tolower($1) == "uris:" { uri = $2 }
      tolower($1) == "suites:" { suites = $0 }
      END { if (!found) flush() }
    ' "$f")
    [[ -n $uri ]] && { echo "$uri"; return; }
  fi
  f=/etc/apt/sources.list
  if [[ -r $f ]]; then
    awk '$1 == "deb" {
           i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
           if ($i !~ /security/) { print $i; exit }
         }' "$f"
  fi
}

# debian_apt_update STATE_DIR SUITE [ARCH]: (re)creates the private state in STATE_DIR, runs
# apt-get update for ARCH (Debian's name, default riscv64), and leaves the options for
# apt-get/apt-cache in DEBIAN_APT_OPTS.
debian_apt_update() {
  local st=$1 suite=$2 arch=${3:-riscv64} uri
  uri=$(debian_mirror_uri)
  [[ -n $uri ]] || { log "no Debian mirror in the host's apt sources; set TERN_DEBIAN_MIRROR"; exit 1; }
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [[ -r $keyring ]] || { log "missing $keyring (package debian-archive-keyring)"; exit 1; }
  rm -rf "$st"
  mkdir -p "$st/lists/partial" "$st/sources" "$st/prefs" "$st/cache/archives/partial"
  : >"$st/status"
  cat >"$st/sources/debian.sources" <<EOF
Types: deb
URIs: $uri
Suites: $suite
Components: main
Architectures: $arch
Signed-By: $keyring
EOF
  DEBIAN_APT_OPTS=(
    -q
    -oAPT::Architecture="$arch" -oAPT::Architectures="$arch"
    -oDir::State="$st" -oDir::State::Lists="$st/lists" -oDir::State::status="$st/status"
    -oDir::State::extended_states="$st/extended_states"
    -oDir::Cache="$st/cache" -oDir::Etc::SourceList=/dev/null -oDir::Etc::SourceParts="$st/sources"
    -oDir::Etc::Preferences=/dev/null -oDir::Etc::PreferencesParts="$st/prefs"
    -oAPT::Default-Release= -oAPT::Get::List-Cleanup=0
    # The private directories are ours; apt's _apt sandbox user may not be able to enter them.
    -oAPT::Sandbox::User=root
  )
  log "apt-get update ($suite $arch from $uri)"
  apt-get "${DEBIAN_APT_OPTS[@]}" update >&2
}
