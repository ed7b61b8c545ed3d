"""Running analysis at scale: local worker processes (`local`), later Dask clusters."""
