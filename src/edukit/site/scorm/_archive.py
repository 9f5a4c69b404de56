"""The package folder written as one zip, the same bytes for the same folder."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ZIP_TIME = (2020, 1, 1, 0, 0, 0)
"""Every zip entry gets this time, so the same site always gives the same bytes."""


def site_files(site_dir: Path) -> list[str]:
    """Every file of ``site_dir``, as sorted POSIX paths from it."""
    return sorted(
        path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()
    )


def write_zip(
    site_dir: Path,
    output: Path,
    *,
    on_file: Callable[[str], None] | None = None,
) -> int:
    """Zip ``site_dir`` into ``output`` atomically (temporary file beside it, then a rename).

    ``imsmanifest.xml`` comes first; entries are sorted and dated :data:`ZIP_TIME`, so the same
    folder always gives the same bytes. A failure leaves no partial zip and keeps any previous
    ``output``. Returns the zip's size in bytes.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    names = site_files(site_dir)
    names.sort(key=lambda name: (name != "imsmanifest.xml", name))
    handle, temporary = tempfile.mkstemp(
        dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
    )
    try:
        with (
            os.fdopen(handle, "wb") as stream,
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        ):
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, (site_dir / name).read_bytes())
                if on_file is not None:
                    on_file(name)
        os.chmod(temporary, 0o644)  # mkstemp made it 0600: Moodle's web server must read it
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return output.stat().st_size
