#!/usr/bin/env bash
# The logic of authspec's GitHub Action (action.yml at the repository's
# root): download the released binary for the runner's platform, check it
# against the release's SHA256SUMS, run authspec, and set the step's
# outputs. It is plain bash so that it is tested in `make test` with the
# GITHUB_* files pointing at temporary files and a local folder standing in
# for the release download (AUTHSPEC_RELEASE_BASE).
#
# Inputs come as INPUT_* variables (action.yml maps them):
#   INPUT_VERSION      release to use: v0.2.0, 0.2.0, or latest
#   INPUT_TARGETS      targets file (default targets.yaml)
#   INPUT_REPORTS      reports folder (default authspec-reports)
#   INPUT_LABELS       Ginkgo label filter
#   INPUT_SHARD        K/N
#   INPUT_JUNIT_CASES  auto, check or rule
#   INPUT_BASELINE     baseline file of known findings
# Environment:
#   AUTHSPEC_RELEASE_BASE  where the release files are: a URL (default
#                          https://github.com/authspec/authspec/releases/download/vVERSION)
#                          or a local folder
#   GITHUB_OUTPUT          outputs: verdict, failed, reports, version
#   GITHUB_STEP_SUMMARY    authspec appends summary.md to it itself
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP  the runner's platform and scratch folder
# Exit status: authspec's (0 pass, 1 fail or error, 2 configuration error),
# or 2 when the binary cannot be fetched or does not match SHA256SUMS.
set -euo pipefail

repo="${AUTHSPEC_REPOSITORY:-authspec/authspec}"
targets="${INPUT_TARGETS:-targets.yaml}"
reports="${INPUT_REPORTS:-authspec-reports}"
scratch="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"

die() { echo "authspec action: $*" >&2; exit 2; }

output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf '%s=%s\n' "$1" "$2" >> "$GITHUB_OUTPUT"
  fi
}

# platform names the release archive's os and arch for this runner.
platform() {
  local os arch
  case "${RUNNER_OS:-$(uname -s)}" in
    Linux|linux) os=linux ;;
    macOS|Darwin|darwin) os=darwin ;;
    Windows|MINGW*|MSYS*|CYGWIN*|windows) os=windows ;;
    *) die "unsupported runner OS ${RUNNER_OS:-$(uname -s)}" ;;
  esac
  case "${RUNNER_ARCH:-$(uname -m)}" in
    X64|x86_64|amd64) arch=amd64 ;;
    ARM64|arm64|aarch64) arch=arm64 ;;
    *) die "unsupported runner architecture ${RUNNER_ARCH:-$(uname -m)}" ;;
  esac
  echo "$os $arch"
}

# fetch copies (a local folder) or downloads (a URL) one release file.
fetch() {
  local base="$1" name="$2" dest="$3"
  case "$base" in
    *://*) curl -fsSL --retry 3 -o "$dest" "$base/$name" || die "cannot download $base/$name" ;;
    *) cp "$base/$name" "$dest" 2>/dev/null || die "no $name in $base" ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# resolve turns latest into the newest release's version.
resolve() {
  local v="${INPUT_VERSION:-latest}"
  if [ "$v" = latest ]; then
    case "${AUTHSPEC_RELEASE_BASE:-https://}" in
      *://*) v="$(curl -fsSL "https://api.github.com/repos/$repo/releases/latest" | sed -n 's/.*"tag_name": *"\([^"]*\)".*/\1/p' | head -1)" ;;
      *) v="$(cat "$AUTHSPEC_RELEASE_BASE/latest" 2>/dev/null || true)" ;;
    esac
    [ -n "$v" ] || die "cannot find the latest release of $repo; give the action a version"
  fi
  v="${v#v}"
  [[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || die "version '$v' is not a release version such as 0.2.0"
  echo "$v"
}

install() {
  local version="$1" os arch name archive base dir want got
  local p
  p="$(platform)"
  read -r os arch <<<"$p"
  name="authspec_${version}_${os}_${arch}"
  archive="$name.tar.gz"
  [ "$os" = windows ] && archive="$name.zip"
  base="${AUTHSPEC_RELEASE_BASE:-https://github.com/$repo/releases/download/v$version}"
  dir="$scratch/authspec-$version"
  mkdir -p "$dir"
  fetch "$base" SHA256SUMS "$dir/SHA256SUMS"
  fetch "$base" "$archive" "$dir/$archive"
  want="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$dir/SHA256SUMS")"
  [ -n "$want" ] || die "SHA256SUMS of $version lists no $archive"
  got="$(sha256 "$dir/$archive")"
  if [ "$got" != "$want" ]; then
    rm -f "$dir/$archive"
    die "$archive does not match SHA256SUMS (sha256 $got, want $want): not running it"
  fi
  case "$archive" in
    *.zip) if command -v unzip >/dev/null 2>&1; then unzip -qo "$dir/$archive" -d "$dir"; else tar -xf "$dir/$archive" -C "$dir"; fi ;;
    *) tar -xzf "$dir/$archive" -C "$dir" ;;
  esac
  bin="$dir/$name/authspec"
  [ "$os" = windows ] && bin="$bin.exe"
  [ -x "$bin" ] || die "$archive holds no authspec binary"
}

# count_failed counts the targets of results.json whose verdict fails
# the run (fail, error, interrupted). results.json writes one verdict a
# line.
count_failed() {
  local file="$reports/results.json"
  [ -f "$file" ] || { echo 0; return; }
  grep -cE '"verdict": "(fail|error|interrupted)"' "$file" || true
}

main() {
  local version code=0 verdict
  version="$(resolve)"
  install "$version"
  output version "$version"
  args=(run -targets "$targets" -reports "$reports")
  [ -n "${INPUT_LABELS:-}" ] && args+=(-labels "$INPUT_LABELS")
  [ -n "${INPUT_SHARD:-}" ] && args+=(-shard "$INPUT_SHARD")
  [ -n "${INPUT_JUNIT_CASES:-}" ] && args+=(-junit-cases "$INPUT_JUNIT_CASES")
  [ -n "${INPUT_BASELINE:-}" ] && args+=(-baseline "$INPUT_BASELINE")
  # authspec appends summary.md to $GITHUB_STEP_SUMMARY itself.
  "$bin" "${args[@]}" || code=$?
  case "$code" in
    0) verdict=pass ;;
    1) verdict=fail ;;
    2) verdict=config-error
       if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
         printf '## authspec: configuration error\n\nNothing was sent; the step log names the file, line and field.\n' >> "$GITHUB_STEP_SUMMARY"
       fi ;;
    130|143) verdict=interrupted ;;
    *) verdict=error ;;
  esac
  output verdict "$verdict"
  output failed "$(count_failed)"
  output reports "$reports"
  return "$code"
}

main "$@"
