"""Rule tables of veille.time, one YAML file per language (a package so wheels ship them)."""
