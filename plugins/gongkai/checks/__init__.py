"""Per-file checks run while each file is read: dates, 索引号 and 发文字号, placeholders, personal data, links.

Pure functions over values and text (no model, no rules): the loader, the 年报 reader, the 节假日 reader and
the staff tools (`gongkai new`, `gongkai import`) call them as they read. Rules over the whole model live in
`gongkai.rules`.
"""
