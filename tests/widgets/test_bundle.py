"""The widget linker (edukit.widgets._bundle): folders, containment, source maps."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from edukit.widgets._bundle import DEV_ENV, STATIC, BundleError, bundle_esm, link_module

_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _tree(tmp_path: Path) -> Path:
    """A widget in a folder of its own, with a helper in a subfolder that reaches back up."""
    root = tmp_path / "static"
    _write(
        root,
        {
            "w.js": (
                'import { twice } from "./sub/maths.js";\n'
                'export { label, twice as double, unit } from "./sub/maths.js";\n'
                "export default {\n"
                "  render({ el }) {\n"
                "    el.textContent = String(twice(21));\n"
                "  },\n"
                "};\n"
            ),
            "sub/maths.js": (
                'import { one,\n         two } from "../base.js";\n'
                "export function twice(x) {\n"
                "  return x * two / one;\n"
                "}\n"
                "export const label = 'double';\n"
                'export { one as unit } from "../base.js";\n'
            ),
            "base.js": "export const one = 1;\nexport const two = 2;\n",
        },
    )
    return root / "w.js"


def _in_node(code: str, tmp_path: Path, shown: str) -> Any:
    """Import ``code`` as an ES module in node and return ``shown`` (an expression over the
    module ``m``) read back as JSON."""
    module = tmp_path / "linked.mjs"
    module.write_text(code, encoding="utf-8")
    script = (
        f"const m = await import({json.dumps(module.as_uri())});"
        f"console.log(JSON.stringify({shown}))"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def _run(code: str, tmp_path: Path) -> object:
    return _in_node(code, tmp_path, "[m.label, m.double(21), m.unit, typeof m.default.render]")


def test_imports_from_a_subfolder_and_back_up_are_linked(tmp_path: Path) -> None:
    code = bundle_esm(_tree(tmp_path), "w")
    assert not re.search(r"^\s*import\b", code, re.M)
    assert "// --- sub/maths.js" in code and "// --- base.js" in code
    assert code.index("// --- base.js") < code.index("// --- sub/maths.js")
    assert "const __edukit_sub__maths = (() => {" in code
    reexports = "__edukit_reexport_label as label, __edukit_reexport_double as double"
    assert f"export {{ {reexports}, __edukit_reexport_unit as unit }};" in code
    assert "return { twice, label, unit: __edukit_reexport_unit };" in code
    assert "sourceMappingURL" not in code


def test_the_linked_subfolder_module_runs(tmp_path: Path) -> None:
    assert _run(bundle_esm(_tree(tmp_path), "w"), tmp_path) == ["double", 42, 1, "function"]


def test_an_import_outside_the_static_folder_is_refused(tmp_path: Path) -> None:
    entry = _tree(tmp_path)
    (tmp_path / "secret.js").write_text("export const s = 1;\n", encoding="utf-8")
    (entry.parent / "sub" / "maths.js").write_text(
        '\nimport { s } from "../../secret.js";\nexport const twice = (x) => x * s;\n',
        encoding="utf-8",
    )
    with pytest.raises(
        BundleError, match=r'^sub/maths\.js:2: "\.\./\.\./secret\.js" leads outside'
    ):
        bundle_esm(entry, "w")


def test_a_package_module_cannot_leave_static() -> None:
    from edukit.widgets import _bundle

    link = _bundle._Link(folders=(STATIC.resolve(),))
    with pytest.raises(BundleError, match=r'playground\.js:7: "\.\./_bundle\.js" leads outside'):
        _bundle._resolve(link, STATIC / "playground.js", "../_bundle.js", 7)


def test_a_missing_module_names_itself(tmp_path: Path) -> None:
    entry = tmp_path / "w.js"
    entry.write_text('import { x } from "./sub/none.js";\nexport default {};\n', encoding="utf-8")
    with pytest.raises(BundleError, match=r"imported module sub/none\.js is not in"):
        bundle_esm(entry, "w")


def test_two_modules_that_would_share_a_name_are_refused(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "w.js": 'import { a } from "./x/y.js";\nimport { b } from "./x__y.js";\nexport default {};\n',
            "x/y.js": "export const a = 1;\n",
            "x__y.js": "export const b = 2;\n",
        },
    )
    with pytest.raises(BundleError, match="would share the bundle name"):
        bundle_esm(tmp_path / "w.js", "w")


def _decode(mappings: str) -> list[tuple[int, int] | None]:
    """Each generated line's (source index, source line), both 0-based; None when unmapped."""
    result: list[tuple[int, int] | None] = []
    source = line = 0
    for group in mappings.split(";"):
        if not group:
            result.append(None)
            continue
        values: list[int] = []
        shift = value = 0
        for char in group.split(",")[0]:
            digit = _DIGITS.index(char)
            value += (digit & 31) << shift
            shift += 5
            if not digit & 32:
                values.append(-(value >> 1) if value & 1 else value >> 1)
                shift = value = 0
        source += values[1]
        line += values[2]
        result.append((source, line))
    return result


def test_the_dev_source_map_points_back_to_each_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DEV_ENV, "1")
    code = bundle_esm(_tree(tmp_path), "w")
    last = code.rstrip("\n").splitlines()[-1]
    prefix = "//# sourceMappingURL=data:application/json;charset=utf-8;base64,"
    assert last.startswith(prefix)
    data = json.loads(base64.b64decode(last.removeprefix(prefix)))
    assert data["version"] == 3 and data["file"] == "w.js"
    assert set(data["sources"]) == {
        "w.js",
        "runtime.js",
        "a11y.js",
        "i18n.js",
        "sub/maths.js",
        "base.js",
    }
    mapped = _decode(data["mappings"])
    generated = code.splitlines()
    samples = {
        "  return x * two / one;": ("sub/maths.js", 3),
        "export const two = 2;": ("base.js", 1),
        "    el.textContent = String(twice(21));": ("w.js", 4),
    }
    for text, (source, line) in samples.items():
        wanted = text.removeprefix("export ")
        index = generated.index(wanted)
        found = mapped[index]
        assert found is not None, text
        assert (data["sources"][found[0]], found[1]) == (source, line), text
        original = data["sourcesContent"][found[0]].splitlines()[found[1]]
        assert original == text
    assert mapped[0] is None  # the linker's header line comes from no file
    # The multi-line import became one line plus padding: the lines after it still match.
    assert _run(code, tmp_path) == ["double", 42, 1, "function"]


def test_the_package_widgets_link_the_same_with_or_without_dev(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = bundle_esm(STATIC / "probe.js", "probe")
    monkeypatch.setenv(DEV_ENV, "1")
    dev = bundle_esm(STATIC / "probe.js", "probe")
    assert dev.startswith(plain) and dev != plain


def test_an_edited_helper_is_linked_again(tmp_path: Path) -> None:
    entry = _tree(tmp_path)
    assert _run(bundle_esm(entry, "w"), tmp_path)[1] == 42  # type: ignore[index]
    helper = entry.parent / "base.js"
    helper.write_text("export const one = 1;\nexport const two = 3;\n", encoding="utf-8")
    os.utime(helper, ns=(helper.stat().st_atime_ns, helper.stat().st_mtime_ns + 10**9))
    assert _run(bundle_esm(entry, "w"), tmp_path)[1] == 63  # type: ignore[index]


# -- link_module: a plain module (the site's host) ----------------------------------------------


def _layers(tmp_path: Path) -> tuple[Path, Path]:
    """Two folders laid over each other, like the widgets' static folder over the site's: the
    upper one holds the shared helpers; the lower one the entry, a module only it has, and a
    forwarder to the upper helper that a linked module must never pick (``export *``)."""
    upper, lower = tmp_path / "upper", tmp_path / "lower"
    _write(
        upper,
        {
            "words.js": 'import { one } from "./sub/base.js";\nexport const word = "w" + one;\n',
            "sub/base.js": "export const one = 1;\n",
        },
    )
    _write(
        lower,
        {
            "entry.js": (
                'import { word } from "./words.js";\n'
                'import { panel } from "./panel.js";\n'
                'export { one as unit } from "./sub/base.js";\n'
                "export const NEAR = word + panel();\n"
                "export function twice(x) {\n"
                "  return 2 * x;\n"
                "}\n"
                "export const here = new URL('.', import.meta.url).href;\n"
            ),
            "panel.js": 'import { word } from "./words.js";\nexport const panel = () => word;\n',
            "words.js": 'export * from "../upper/words.js";\n',
        },
    )
    return upper, lower


def _exports(code: str, tmp_path: Path) -> dict[str, object]:
    result: dict[str, object] = _in_node(code, tmp_path, "{...m, twice: m.twice(21)}")
    return result


def test_a_plain_module_keeps_its_exports_and_links_its_imports(tmp_path: Path) -> None:
    upper, lower = _layers(tmp_path)
    code = link_module(lower / "entry.js", (upper, lower))
    assert not re.search(r"^\s*import\b", code, re.M) and "export *" not in code
    linked = re.findall(r"^// --- ([\w./-]+\.js)$", code, re.M)
    assert linked == ["sub/base.js", "words.js", "panel.js", "entry.js"]  # each once, in order
    assert code.startswith("// edukit module entry.js linked with its imports")
    assert "export { __edukit_reexport_unit as unit };" in code
    assert "sourceMappingURL" not in code
    exports = _exports(code, tmp_path)
    # import.meta.url in the entry is the linked file's own address
    assert exports == {
        "NEAR": "w1w1",
        "here": (tmp_path).as_uri() + "/",
        "twice": 42,
        "unit": 1,
    }


def test_a_package_helper_imports_only_the_package_helpers(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "entry.js": 'import { sha256Hex } from "./sha256.js";\nexport const f = sha256Hex;\n',
            "store.js": "export const courseStore = 'mine';\n",
            "sha256.js": (
                'import { courseStore } from "./store.js";\nexport const sha256Hex = courseStore;\n'
            ),
        },
    )
    # the entry's folder first: its own sha256.js wins, and it links its own store.js ...
    mine = link_module(tmp_path / "entry.js", (tmp_path, STATIC))
    assert "export const sha256Hex = courseStore;" not in mine
    assert "const sha256Hex = courseStore;" in mine and "'mine'" in mine
    # ... while the package's store.js, linked from that same search path, keeps its own
    # helpers (sha256.js, store-file.js …), not the folder's files of the same name.
    store = link_module(STATIC / "store.js", (tmp_path, STATIC))
    assert store == link_module(STATIC / "store.js")
    assert "'mine'" not in store and "function sha256Bytes(" in store


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("const a = 1;\n\nexport default a;\n", r"^entry\.js:3: a linked module may only use"),
        ('export * from "./words.js";\n', r"^entry\.js:1: a linked module may only use"),
        ("const a = 1;\nexport { a };\n", r"^entry\.js:2: a linked module may only use"),
        ('import words from "./words.js";\n', r"^entry\.js:1: only `import \{ a, b \}"),
    ],
)
def test_a_form_a_plain_module_cannot_link_is_named_at_its_line(
    tmp_path: Path, source: str, message: str
) -> None:
    upper, lower = _layers(tmp_path)
    (lower / "entry.js").write_text(source, encoding="utf-8")
    with pytest.raises(BundleError, match=message):
        link_module(lower / "entry.js", (upper, lower))


def test_an_entry_outside_its_search_path_is_refused(tmp_path: Path) -> None:
    upper, lower = _layers(tmp_path)
    with pytest.raises(BundleError, match=r"entry\.js is in none of the folders"):
        link_module(lower / "entry.js", (upper,))


def test_a_linked_module_is_linked_again_when_any_module_changes_and_maps_in_dev(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upper, lower = _layers(tmp_path)
    first = link_module(lower / "entry.js", (upper, lower))
    assert link_module(lower / "entry.js", (upper, lower)) is first  # cached
    base = upper / "sub" / "base.js"
    base.write_text("export const one = 3;\n", encoding="utf-8")
    os.utime(base, ns=(base.stat().st_atime_ns, base.stat().st_mtime_ns + 10**9))
    again = link_module(lower / "entry.js", (upper, lower))
    assert _exports(again, tmp_path)["NEAR"] == "w3w3"
    monkeypatch.setenv(DEV_ENV, "1")
    dev = link_module(lower / "entry.js", (upper, lower))
    assert dev.startswith(again) and dev != again
    prefix = "//# sourceMappingURL=data:application/json;charset=utf-8;base64,"
    data = json.loads(base64.b64decode(dev.rstrip("\n").splitlines()[-1].removeprefix(prefix)))
    assert data["file"] == "entry.js"
    assert data["sources"] == ["entry.js", "words.js", "sub/base.js", "panel.js"]
    mapped = _decode(data["mappings"])
    index = dev.splitlines().index("  return 2 * x;")
    assert mapped[index] == (0, 5)
