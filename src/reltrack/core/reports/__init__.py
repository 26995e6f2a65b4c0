"""Reports: each returns typed rows and its column order; the CLI picks the format."""
