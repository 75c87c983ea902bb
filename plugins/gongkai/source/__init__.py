"""The only code that opens content and configuration files or runs git.

`frontmatter` reads item files (encoding, BOM/CRLF, front matter with exact key lines), `yamlfile` reads
YAML data files (site_config/, catalog_schema/, 年报数据) with exact key lines, `yaml_errors` turns YAML
syntax errors into Chinese messages, `gitlog` is the one git reader (history, 索引号 first use,
deleted files), `jsonfile` reads JSON (catalog_schema/ schemas, read once per path; site_config GeoJSON) with
Chinese errors naming the file and line, `mkdocsfile` reads mkdocs.yml for `gongkai check`, and `files` reads raw
bytes (申请表 magic bytes, files to import). Nothing here knows about columns, items or rules.

Writers (adoption, body add, new item files), outputs of the build and caches open their own files; the
allow-list in tests/test_source_readers.py names each and says why.
"""
