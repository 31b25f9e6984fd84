"""Reading and writing files: YAML with line marks, atomic writes."""
