"""Rules over the content, one module per family. Each returns plain tuples or findings; none raises."""
