"""The MkDocs plugin and the static widget host for the course site."""
