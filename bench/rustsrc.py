"""Just enough Rust lexing for the bench scripts: string literals, comments and test items.

`literals(text)` gives every string literal ("…", r"…", r#"…"#, b"…") with its position and
unescaped value; comments and char literals are skipped, so quotes in them do no harm.
`strip_tests(text)` blanks `#[cfg(test)]` items (a `mod x;` line or a braced block) with spaces,
keeping offsets and line numbers.
"""
import re

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}
_CHAR = re.compile(r"'(\\u\{[0-9a-fA-F]+\}|\\x[0-9a-fA-F]{2}|\\.|[^\\'\n])'")
_RAW = re.compile(r'b?r(#*)"')


def unescape(s):
    s = re.sub(r"\\\n\s*", "", s)
    s = re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: chr(int(m.group(1), 16)), s)
    s = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), s)
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), s, flags=re.S)


def scan(text):
    """Yields (kind, start, end, value) for each 'string' and 'comment' (value None) in order."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j == -1 else j
            yield "comment", i, j, None
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            yield "comment", i, j, None
            i = j
        elif c in "rb" and (m := _RAW.match(text, i)) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            close = '"' + m.group(1)
            j = text.find(close, m.end())
            j = n if j == -1 else j
            yield "string", i, j + len(close), text[m.end() : j]
            i = j + len(close)
        elif c == '"' or (c == "b" and text.startswith('b"', i) and (i == 0 or not text[i - 1].isalnum())):
            j = i + (1 if c == '"' else 2)
            start = j
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            yield "string", i, j + 1, unescape(text[start:j])
            i = j + 1
        elif c == "'":
            m = _CHAR.match(text, i)
            i = m.end() if m else i + 1  # a lifetime or label otherwise
        elif c.isalnum() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            i = j
        else:
            i += 1


def literals(text):
    """[(start, end, value)] of every string literal."""
    return [(s, e, v) for kind, s, e, v in scan(text) if kind == "string"]


def code_only(text):
    """`text` with comments and literal contents blanked (same length, newlines kept)."""
    out = list(text)
    for kind, s, e, _ in scan(text):
        for k in range(s, e):
            if out[k] != "\n":
                out[k] = " "
    return "".join(out)


def strip_tests(text):
    """`text` with every `#[cfg(test)]` item blanked (same length, newlines kept)."""
    code = code_only(text)
    out = list(text)
    for m in re.finditer(r"#\[cfg\(test\)\]", code):
        semi, brace = code.find(";", m.end()), code.find("{", m.end())
        if brace == -1 or (semi != -1 and semi < brace):
            end = semi + 1
        else:
            depth, end = 0, brace
            while end < len(code):
                depth += {"{": 1, "}": -1}.get(code[end], 0)
                end += 1
                if depth == 0:
                    break
        for k in range(m.start(), end):
            if out[k] != "\n":
                out[k] = " "
    return "".join(out)


def providers(root):
    """Provider folder names under crates/idp/src, in registry order, and where the list came
    from: the `<folder>::REGISTRATION` entries of `REGISTRY` in registry.rs, or failing that every
    folder whose mod.rs has a REGISTRATION."""
    idp = root / "crates/idp/src"
    code = code_only((idp / "registry.rs").read_text())
    m = re.search(r"\bREGISTRY\s*:[^=]*=\s*&\[(.*?)\]\s*;", code, re.S)
    found = re.findall(r"(\w+)::REGISTRATION", m.group(1)) if m else []
    if found:
        return found, "REGISTRY in crates/idp/src/registry.rs"
    found = sorted(
        d.name for d in idp.iterdir() if (d / "mod.rs").is_file() and "REGISTRATION" in (d / "mod.rs").read_text()
    )
    return found, "folders of crates/idp/src with a REGISTRATION"


def rust_files(folder):
    """A folder's .rs files, without tests.rs files and tests/ folders."""
    for f in sorted(folder.rglob("*.rs")):
        if f.name != "tests.rs" and "tests" not in f.relative_to(folder).parts[:-1]:
            yield f
