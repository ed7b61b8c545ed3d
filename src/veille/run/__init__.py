"""Running the analysis over articles: the pipeline and its stages, the options and
limits that bound it, the runner that reads → deduplicates → analyses → stores, the
worker processes and the Dask engine that spread it, and `watch` that keeps feeding it.
"""
