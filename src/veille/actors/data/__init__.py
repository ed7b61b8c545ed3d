"""Package data: the actor knowledge base (YAML). A package so that wheels ship it."""
