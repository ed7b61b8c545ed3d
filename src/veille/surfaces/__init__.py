"""What users touch: the CLI (and later the REST API, the dashboard and briefs)."""
