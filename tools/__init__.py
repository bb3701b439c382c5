"""Tools beside the pipeline: the demo study generator (tools/demo)."""
