"""The only code that opens content and configuration files or runs git.

`frontmatter` reads item files (encoding, BOM/CRLF, front matter with exact key lines), `yamlfile` reads
YAML data files (site_config/, catalog_schema/, 年报数据) with exact key lines, `yaml_errors` turns YAML
syntax errors into Chinese messages, and `gitlog` is the one git reader (history, 索引号 first use,
deleted files). Nothing here knows about columns, items or rules.
"""
