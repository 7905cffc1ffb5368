"""One module per page (pages/<name>.py): its own widgets and panels. Sections never import each other."""
