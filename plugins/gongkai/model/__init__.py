"""The content model: frozen typed objects built once per build by `gongkai.loader`, then only read.

Plugins, views, templates, rules and `gongkai check` consume these objects, never raw front-matter dicts.
Everything here is data and imports nothing from the rest of the package:

- `enums`: the closed vocabularies (`Severity`, `ColumnKind`, `Disclosure`, `ValidityState`);
- `findings`: `Finding`; `catalog`: `Column`, `Catalog`, `Matter`, `UpdateCycle`;
- `body`: `Body` and its sections `Office`, `GuideFacts`, `Identity` (`Mark`);
- `items`: `Item`, `Attachment`, `Validity`, `Consultation`; `reports`: `AnnualReport`;
- `settings`: `Inspection` (inspection.yml) and `Scoring` (scoring.yml), the check settings read once;
- `standard`: the 标准目录 (`StandardCatalog`, `Domain`, `StandardMatter`, `Freshness`), read once, adopted per body;
- `platform`: `Platform` → `Model` (one body's 专栏 and its indexes), and `Loaded` (platform + findings).
"""

from __future__ import annotations

from .body import Body, GuideFacts, Identity, Mark, Office
from .catalog import Catalog, Column, Matter, UpdateCycle
from .enums import ENDED_STATES, ColumnKind, Disclosure, Severity, ValidityState
from .findings import SEVERITY_LABEL, Finding, SeverityName, readable_field
from .items import CLOSED, LAPSED_REASON, NOT_STARTED, OPEN, Attachment, Consultation, Item, Validity, cn_date, human_size
from .platform import DEPARTMENT, HOME, TOWNSHIP, Loaded, Model, Platform
from .reports import AnnualReport, Cells, Number
from .settings import JINZHAI, LICHENG, SOURCE_19, Inspection, Scoring, Veto

__all__ = [
    "CLOSED",
    "DEPARTMENT",
    "ENDED_STATES",
    "HOME",
    "JINZHAI",
    "LAPSED_REASON",
    "LICHENG",
    "NOT_STARTED",
    "OPEN",
    "SEVERITY_LABEL",
    "SOURCE_19",
    "TOWNSHIP",
    "AnnualReport",
    "Attachment",
    "Body",
    "Catalog",
    "Cells",
    "Column",
    "ColumnKind",
    "Consultation",
    "Disclosure",
    "Finding",
    "GuideFacts",
    "Identity",
    "Inspection",
    "Item",
    "Loaded",
    "Mark",
    "Matter",
    "Model",
    "Number",
    "Office",
    "Platform",
    "Scoring",
    "Severity",
    "SeverityName",
    "UpdateCycle",
    "Validity",
    "ValidityState",
    "Veto",
    "cn_date",
    "human_size",
    "readable_field",
]
