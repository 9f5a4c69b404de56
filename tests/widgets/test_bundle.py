"""The widget linker (edukit.widgets._bundle): folders, containment, source maps."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from edukit.widgets._bundle import DEV_ENV, STATIC, BundleError, bundle_esm

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


def _run(code: str, tmp_path: Path) -> object:
    module = tmp_path / "bundle.mjs"
    module.write_text(code, encoding="utf-8")
    script = (
        f"const m = await import({json.dumps(module.as_uri())});"
        "console.log(JSON.stringify([m.label, m.double(21), m.unit, typeof m.default.render]))"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


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

    link = _bundle._Link(root=STATIC)
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
