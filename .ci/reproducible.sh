#!/usr/bin/env bash
# Reproducible-build check (docs/releasing.md, "Reproducible builds").
#
# Builds the published artifacts twice from a clean tree and compares them byte for byte: every
# jar (main, sources, javadoc, the test server's standalone jar) of every published module, and the
# BOM's flattened POM. The second build runs with -Prelease and signing skipped, so it also proves
# that the release profile builds (verify publishes nothing: the upload is bound to deploy).
# It also checks that the BOM lists every published module.
#
#   .ci/reproducible.sh                first build: clean verify without tests; second: the same with -Prelease
#   .ci/reproducible.sh --reuse-first  the first build is the one that just ran in this tree (.ci/run's verify)
#
# No -q on the builds' summary lines matters here; Maven's own output is kept quiet, failures are not.
set -euo pipefail
cd "$(dirname "$0")/.."

reuse_first=false
[[ "${1:-}" == "--reuse-first" ]] && reuse_first=true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The reactor's modules (root pom <modules>); published = not marked maven.deploy.skip.
modules=$(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml)
published=()
for m in $modules; do
    if ! grep -q '<maven.deploy.skip>true</maven.deploy.skip>' "$m/pom.xml"; then
        published+=("$m")
    fi
done

# The BOM pins every published artifact.
missing=0
for m in "${published[@]}"; do
    [[ "$m" == nodetool-bom ]] && continue
    if ! grep -q "<artifactId>$m</artifactId>" nodetool-bom/pom.xml; then
        echo "reproducible.sh: published module $m is missing from nodetool-bom/pom.xml" >&2
        missing=1
    fi
done
for a in $(sed -n 's:.*<artifactId>\(nodetool-[a-z-]*\)</artifactId>.*:\1:p' nodetool-bom/pom.xml); do
    [[ "$a" == nodetool-parent || "$a" == nodetool-bom ]] && continue
    if [[ ! -d "$a" ]]; then echo "reproducible.sh: note: the BOM pins $a, which this tree does not build yet"; fi
done
[[ $missing == 0 ]] || exit 1

collect() { # $1: destination directory
    local dest=$1 m f
    for m in "${published[@]}"; do
        mkdir -p "$dest/$m"
        for f in "$m"/target/*.jar "$m"/target/jars/*.jar "$m"/target/*.pom; do
            if [[ -f "$f" ]]; then cp "$f" "$dest/$m/"; fi
        done
    done
}

build() {
    ./mvnw -B -ntp -q clean verify -DskipTests "$@"
}

if $reuse_first; then
    echo "reproducible.sh: first build = the tree's existing build output"
else
    echo "reproducible.sh: first build (clean verify -DskipTests)"
    build
fi
collect "$work/first"

echo "reproducible.sh: second build (clean verify -DskipTests -Prelease -Dgpg.skip)"
build -Prelease -Dgpg.skip
collect "$work/second"

(cd "$work/first" && find . -type f | sort) > "$work/first.list"
(cd "$work/second" && find . -type f | sort) > "$work/second.list"
if ! diff "$work/first.list" "$work/second.list"; then
    echo "reproducible.sh: the two builds made different sets of artifacts" >&2
    exit 1
fi
count=$(wc -l < "$work/first.list")
if [[ $count -eq 0 ]]; then
    echo "reproducible.sh: no artifacts were found to compare" >&2
    exit 1
fi

differ=0
while read -r f; do
    if ! cmp -s "$work/first/$f" "$work/second/$f"; then
        echo "reproducible.sh: DIFFERS: ${f#./}" >&2
        if [[ "$f" == *.jar ]]; then
            diff <(unzip -Z -T -s "$work/first/$f" 2>/dev/null | sort) \
                 <(unzip -Z -T -s "$work/second/$f" 2>/dev/null | sort) | head -20 >&2 || true
        fi
        differ=1
    fi
done < "$work/first.list"
[[ $differ == 0 ]] || exit 1

echo "reproducible.sh: all $count published artifacts are byte-for-byte identical across the two builds:"
while read -r f; do
    printf '  %10d  %s\n' "$(stat -c %s "$work/first/$f")" "${f#./}"
done < "$work/first.list"
