#!/usr/bin/env bash
# Every command README.md shows is run by this script, by .ci/run or by a named test, or is marked as needing an AWS
# account. Each ```bash block must follow a tag line:
#   <!-- readme-check: run -->        run here, in order, from the repository root (stops at the first failure)
#   <!-- readme-check: ci -->         .ci/run runs each of these commands itself (checked: a line of .ci/run starts with it)
#   <!-- readme-check: test NAME -->  the test class NAME runs the equivalent (checked: NAME.java exists under src/test)
#   <!-- readme-check: aws -->        needs an AWS account: listed, not run
#   <!-- readme-check: docker -->     needs a Docker engine (the LocalStack tier): listed, not run
# An untagged block, an unknown tag or a missing test fails the check, and so does an inline `./sluice <command>`
# in the prose whose command no run block runs.
# Usage: bin/readme-check.sh [--no-run]   (--no-run checks the tags and lists the commands without running them)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
readme=README.md
run=true
[ "${1:-}" = "--no-run" ] && run=false

# One line per command: <line number> TAB <tag> TAB <command>; "ERROR" lines for untagged blocks.
commands="$(awk '
  /^<!-- readme-check: .* -->$/ { tag = $0; sub(/^<!-- readme-check: /, "", tag); sub(/ -->$/, "", tag); tagged = NR; next }
  /^```bash/ {
    if (tagged != NR - 1) { printf "ERROR\t%d\tuntagged bash block (add a <!-- readme-check: ... --> line above it)\n", NR }
    inblock = 1; blocktag = (tagged == NR - 1) ? tag : "-"; next
  }
  /^```/ && inblock { inblock = 0; next }
  inblock && pending != "" { pending = pending " " $0; sub(/^[[:space:]]+/, "", $0) }
  inblock && pending == "" && $0 !~ /^[[:space:]]*(#|$)/ { pending = $0; start = NR }
  inblock && pending != "" {
    if (pending ~ /\\$/) { sub(/[[:space:]]*\\$/, "", pending); next }
    printf "%d\t%s\t%s\n", start, blocktag, pending; pending = ""
  }
' "$readme")"

failures=0
fail() { echo "readme-check: $readme:$1: $2" >&2; failures=$((failures + 1)); }

ran=()
while IFS=$'\t' read -r line tag command; do
  [ -z "${line:-}" ] && continue
  if [ "$line" = "ERROR" ]; then fail "$tag" "$command"; continue; fi
  # Drop a trailing "  # comment" (two spaces before the #), as people read it.
  command="$(printf '%s' "$command" | sed -E 's/[[:space:]]{2,}#.*$//')"
  case "$tag" in
    run)
      ran+=("$command") ;;
    ci)
      if ! awk -v c="$command" 'index($0, c) == 1 { found = 1 } END { exit !found }' .ci/run; then
        fail "$line" "'$command' is tagged ci but no line of .ci/run starts with it"
      fi ;;
    test\ *)
      name="${tag#test }"
      if [ -z "$(find . -path ./node_modules -prune -o -path "*/src/test/*" -name "$name.java" -print -quit)" ]; then
        fail "$line" "'$command' is tagged 'test $name' but no test $name.java exists"
      fi ;;
    aws)
      echo "readme-check: not run here (needs an AWS account): $command" ;;
    docker)
      echo "readme-check: not run here (needs a Docker engine): $command" ;;
    -)
      ;; # an untagged block: reported above
    *)
      fail "$line" "unknown tag '$tag' (run, ci, test NAME, aws or docker)" ;;
  esac
done <<< "$commands"

# Inline `./sluice <command> ...` in the prose: its command must be one a run block runs.
while IFS= read -r span; do
  words="$(printf '%s' "$span" | awk '{ print $1 " " $2 }')"
  case "$words" in *"<"*|*"..."*) continue ;; esac
  covered=false
  for command in "${ran[@]}"; do
    case "$command" in "$words"*) covered=true ;; esac
  done
  $covered || fail "-" "inline \`$span\` names a command no run block runs"
done < <(grep -o '`\./sluice [^`]*`' "$readme" | tr -d '`' | sort -u)

if [ "$failures" -gt 0 ]; then
  echo "readme-check: $failures problem(s) in $readme" >&2
  exit 1
fi

if $run; then
  for command in "${ran[@]}"; do
    echo "readme-check: \$ $command"
    if ! bash -c "$command"; then
      echo "readme-check: '$command' from $readme failed" >&2
      exit 1
    fi
  done
  echo "readme-check: ${#ran[@]} commands of $readme ran"
else
  printf 'readme-check: would run: %s\n' "${ran[@]}"
fi
