#!/usr/bin/env python3
"""Estimated brotli cost of each identity-provider adapter inside the panel's wasm.

Usage: adapter_cost.py NAMED_WASM [DIST_WASM]

NAMED_WASM is the panel's wasm exactly as trunk ships it (same cargo profile, wasm-bindgen and
wasm-opt passes) except that wasm-opt was given `-g`, so the `name` section survives. Every other
section must be the shipped bytes (bench/bundle-size checks that against DIST_WASM when given).

For each provider in crates/idp/src/registry.rs's REGISTRY (or, failing that, each folder under
crates/idp/src with a `REGISTRATION`), it adds up:

- code: the bodies of every function whose demangled name (c++filt) has `idp::<provider>::` in
  it: the adapter's own functions and closures, its trait impls, and generic code instantiated
  for its types (`drop_in_place<idp::okta::...>`; with v0 symbol mangling also e.g.
  `serde_json::from_slice::<idp::okta::wire::User>`);
- data: the string literals of the provider's non-test sources that are found verbatim in the
  data section and are not also literals of another provider or of the rest of the workspace.

The brotli estimate is marginal: brotli(wasm) - brotli(wasm with those bytes cut out), both at
-q 11. A second figure scales the raw bytes by the whole wasm's brotli/raw ratio.
Prints one line per provider; exits 0 unless it cannot read its inputs.
"""
import pathlib
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
IDP = ROOT / "crates/idp/src"
GOAL = 8 * 1024


def leb(b, i):
    result = shift = 0
    while True:
        x = b[i]
        i += 1
        result |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return result, i


def sections(b):
    """(id, custom name, start of payload, end of payload, start of section) for each section."""
    if b[:4] != b"\0asm":
        raise ValueError("not a wasm module")
    out, i = [], 8
    while i < len(b):
        start = i
        sid = b[i]
        size, i = leb(b, i + 1)
        name = ""
        if sid == 0:
            n, j = leb(b, i)
            name = b[j : j + n].decode("utf-8", "replace")
        out.append((sid, name, i, i + size, start))
        i += size
    return out


def imported_functions(b, secs):
    for sid, _, start, _, _ in secs:
        if sid != 2:
            continue
        count, i = leb(b, start)
        funcs = 0
        for _ in range(count):
            for _ in range(2):  # module, field
                n, i = leb(b, i)
                i += n
            kind = b[i]
            i += 1
            if kind == 0:
                funcs += 1
                _, i = leb(b, i)
            elif kind == 1:  # table: reftype, limits
                i += 1
                flags, i = leb(b, i)
                _, i = leb(b, i)
                if flags & 1:
                    _, i = leb(b, i)
            elif kind == 2:  # memory: limits
                flags, i = leb(b, i)
                _, i = leb(b, i)
                if flags & 1:
                    _, i = leb(b, i)
            elif kind == 3:  # global: valtype, mut
                i += 2
            elif kind == 4:  # tag
                i += 1
                _, i = leb(b, i)
            else:
                raise ValueError(f"unknown import kind {kind}")
        return funcs
    return 0


def function_bodies(b, secs):
    """[(start, end)] of each defined function's body (with its size prefix), in index order."""
    for sid, _, start, _, _ in secs:
        if sid == 10:
            count, i = leb(b, start)
            bodies = []
            for _ in range(count):
                begin = i
                size, i = leb(b, i)
                bodies.append((begin, i + size))
                i += size
            return bodies
    raise ValueError("no code section")


def function_names(b, secs):
    for sid, name, start, end, _ in secs:
        if sid == 0 and name == "name":
            n, i = leb(b, start)
            i += n
            while i < end:
                sub = b[i]
                size, i = leb(b, i + 1)
                if sub == 1:
                    count, j = leb(b, i)
                    names = {}
                    for _ in range(count):
                        idx, j = leb(b, j)
                        n, j = leb(b, j)
                        names[idx] = b[j : j + n].decode("utf-8", "replace")
                        j += n
                    return names
                i += size
    raise ValueError("no function names (build with wasm-opt -g and without stripping the name section)")


def demangle(names):
    if not shutil.which("c++filt"):
        raise ValueError("needs c++filt (Debian package binutils) to demangle Rust names")
    keys = list(names)
    text = "\n".join(names[k].replace("\n", " ") for k in keys) + "\n"
    out = subprocess.run(["c++filt"], input=text, capture_output=True, text=True, check=True).stdout
    return dict(zip(keys, out.split("\n")))


def providers():
    """Provider folder names, in registry order, and where that list came from."""
    registry = (IDP / "registry.rs").read_text()
    m = re.search(r"\bREGISTRY\s*:[^=]*=\s*&\[(.*?)\]\s*;", registry, re.S)
    if m:
        found = re.findall(r"(\w+)::REGISTRATION", m.group(1))
        if found:
            return found, "REGISTRY in crates/idp/src/registry.rs"
    found = sorted(
        d.name for d in IDP.iterdir() if (d / "mod.rs").is_file() and "REGISTRATION" in (d / "mod.rs").read_text()
    )
    return found, "folders of crates/idp/src with a REGISTRATION"


def strip_tests(text):
    """Source text without `#[cfg(test)]` items (a `mod x;` line, or a braced block)."""
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]", text):
        if m.start() < i:
            continue
        out.append(text[i : m.start()])
        j = m.end()
        semi, brace = text.find(";", j), text.find("{", j)
        if brace == -1 or (semi != -1 and semi < brace):
            i = semi + 1
            continue
        depth, k = 0, brace
        while k < len(text):
            if text[k] == "{":
                depth += 1
            elif text[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        i = k + 1
    out.append(text[i:])
    return "".join(out)


def rust_files(folder):
    for f in sorted(folder.rglob("*.rs")):
        rel = f.relative_to(folder)
        if f.name == "tests.rs" or "tests" in rel.parts[:-1]:
            continue
        yield f


LITERAL = re.compile(r'b?r(#*)"(.*?)"\1|b?"((?:[^"\\]|\\.)*)"', re.S)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


def unescape(s):
    s = re.sub(r"\\\n\s*", "", s)
    s = re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: chr(int(m.group(1), 16)), s)
    s = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), s)
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), s)


def literal_pieces(path):
    """The byte strings a file's literals leave in the data section: format strings are split at
    their `{...}` placeholders. Comments are removed first."""
    text = strip_tests(path.read_text())
    text = re.sub(r"(?m)//.*$", "", text)  # no `//` inside this project's literals that matter
    pieces = set()
    for m in LITERAL.finditer(text):
        raw = m.group(2) if m.group(2) is not None else unescape(m.group(3))
        for piece in re.split(r"(?<!\{)\{[^{}]*\}(?!\})", raw):
            piece = piece.replace("{{", "{").replace("}}", "}")
            if len(piece.encode()) >= 6:
                pieces.add(piece.encode())
    return pieces


def brotli_size(data):
    return len(subprocess.run(["brotli", "-q", "11", "-c"], input=data, capture_output=True, check=True).stdout)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    named = pathlib.Path(sys.argv[1]).read_bytes()
    secs = sections(named)
    # The shipped module: the named one without its name section.
    cut_name = [(s[4], s[3]) for s in secs if s[0] == 0 and s[1] == "name"]
    shipped = bytearray()
    last = 0
    for a, e in cut_name:
        shipped += named[last:a]
        last = e
    shipped += named[last:]
    shipped = bytes(shipped)
    if len(sys.argv) > 2:
        dist = pathlib.Path(sys.argv[2]).read_bytes()
        same = shipped == dist
        print(f"  check: the measured wasm without its name section is {len(shipped)} bytes; "
              f"{'byte-identical to' if same else 'NOT identical to'} {pathlib.Path(sys.argv[2]).name}"
              + ("" if same else " (dist/ was built from other source or settings: figures below are for the source as it is now)"))
    secs = sections(shipped)
    names = function_names(named, sections(named))
    bodies = function_bodies(shipped, secs)
    base = imported_functions(shipped, secs)
    plain = demangle({i: n for i, n in names.items() if i >= base})
    data = b"".join(shipped[s[2] : s[3]] for s in secs if s[0] == 11)
    data_start = next((s[2] for s in secs if s[0] == 11), None)

    kinds, source = providers()
    if not kinds:
        raise ValueError("found no providers in crates/idp/src/registry.rs")
    # Literals of the rest of the workspace, to leave shared strings unattributed.
    own = {k: set().union(*(literal_pieces(f) for f in rust_files(IDP / k))) for k in kinds}
    elsewhere = set()
    for f in list(IDP.glob("*.rs")) + list((ROOT / "src").rglob("*.rs")):
        elsewhere |= literal_pieces(f)

    total_raw = len(shipped)
    total_br = brotli_size(shipped)
    ratio = total_br / total_raw
    print(f"  providers ({source}): {', '.join(kinds)}")
    print(f"  whole wasm: {total_raw} bytes raw, {total_br} brotli (ratio {ratio:.3f}); "
          f"{len(bodies)} functions, {sum(1 for n in plain.values() if n)} named")
    print(f"  {'adapter':<12} {'functions':>9} {'code-raw':>9} {'data-raw':>9} {'brotli':>8} {'by-ratio':>8}  goal 8 KB (8192 B) each")
    ambiguous = 0
    for k in kinds:
        pattern = re.compile(r"(?<![A-Za-z0-9_])idp(\[[0-9a-f]+\])?::" + re.escape(k) + r"::")
        others = [re.compile(r"(?<![A-Za-z0-9_])idp(\[[0-9a-f]+\])?::" + re.escape(o) + r"::") for o in kinds if o != k]
        mine = [i for i, n in plain.items() if pattern.search(n)]
        ambiguous += sum(1 for i in mine if any(o.search(plain[i]) for o in others))
        ranges = [bodies[i - base] for i in mine if 0 <= i - base < len(bodies)]
        code_raw = sum(e - s for s, e in ranges)
        theirs = set().union(*(own[o] for o in kinds if o != k)) | elsewhere
        data_ranges = []
        if data_start is not None:
            for piece in sorted(own[k] - theirs):
                at = data.find(piece)
                if at != -1:
                    data_ranges.append((data_start + at, data_start + at + len(piece)))
        # Overlapping literal ranges (one literal inside another) count once.
        merged = []
        for s, e in sorted(data_ranges):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        data_raw = sum(e - s for s, e in merged)
        cut, last = bytearray(), 0
        for s, e in sorted(ranges + merged):
            if s < last:
                s = last
            cut += shipped[last:s]
            last = max(last, e)
        cut += shipped[last:]
        marginal = total_br - brotli_size(bytes(cut))
        by_ratio = round((code_raw + data_raw) * ratio)
        verdict = "within" if marginal <= GOAL else "OVER"
        print(f"  {k:<12} {len(mine):>9} {code_raw:>9} {data_raw:>9} {marginal:>8} {by_ratio:>8}  "
              f"{verdict} the 8 KB goal ({abs(GOAL - marginal)} bytes {'to spare' if marginal <= GOAL else 'over'})")
    if ambiguous:
        print(f"  note: {ambiguous} functions name more than one provider and are counted for each")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (OSError, ValueError, subprocess.CalledProcessError) as e:
        print(f"adapter_cost: {e}", file=sys.stderr)
        sys.exit(1)
