"""The SCORM 1.2 ``imsmanifest.xml``: one organisation, one item, one SCO."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote
from xml.etree import ElementTree as ET

from edukit.site.scorm._content import PackageContent

ENTRY = "scorm.html"
"""The SCO's launch page, at the root of the package."""
NS_IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{NS_IMSCP} imscp_rootv1p1p2.xsd {NS_IMSMD} imsmd_rootv1p2p1.xsd {NS_ADLCP} adlcp_rootv1p2.xsd"
)


def manifest_xml(
    content: PackageContent, files: Iterable[str], *, mastery_score: int | None = None
) -> str:
    """The SCORM 1.2 ``imsmanifest.xml``: one organisation, one item, one SCO listing ``files``.

    ``files`` are package paths; ``imsmanifest.xml`` itself is left out of the list (it is
    the package's control file, not a resource file).
    """
    ET.register_namespace("", NS_IMSCP)
    ET.register_namespace("adlcp", NS_ADLCP)
    ET.register_namespace("xsi", NS_XSI)
    identifier = content.identifier
    manifest = ET.Element(
        f"{{{NS_IMSCP}}}manifest",
        {
            "identifier": f"MANIFEST-{identifier}",
            "version": "1.0",
            f"{{{NS_XSI}}}schemaLocation": SCHEMA_LOCATION,
        },
    )
    metadata = ET.SubElement(manifest, f"{{{NS_IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{NS_IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{NS_IMSCP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(
        manifest, f"{{{NS_IMSCP}}}organizations", {"default": f"ORG-{identifier}"}
    )
    organization = ET.SubElement(
        organizations, f"{{{NS_IMSCP}}}organization", {"identifier": f"ORG-{identifier}"}
    )
    ET.SubElement(organization, f"{{{NS_IMSCP}}}title").text = content.title
    item = ET.SubElement(
        organization,
        f"{{{NS_IMSCP}}}item",
        {
            "identifier": f"ITEM-{identifier}",
            "identifierref": f"RES-{identifier}",
            "isvisible": "true",
        },
    )
    ET.SubElement(item, f"{{{NS_IMSCP}}}title").text = content.title
    if mastery_score is not None:
        ET.SubElement(item, f"{{{NS_ADLCP}}}masteryscore").text = str(mastery_score)
    resources = ET.SubElement(manifest, f"{{{NS_IMSCP}}}resources")
    resource = ET.SubElement(
        resources,
        f"{{{NS_IMSCP}}}resource",
        {
            "identifier": f"RES-{identifier}",
            "type": "webcontent",
            f"{{{NS_ADLCP}}}scormtype": "sco",
            "href": ENTRY,
        },
    )
    for name in sorted(set(files) - {"imsmanifest.xml"}):
        ET.SubElement(resource, f"{{{NS_IMSCP}}}file", {"href": quote(name, safe="/")})
    ET.indent(manifest, space="  ")
    body = ET.tostring(manifest, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
