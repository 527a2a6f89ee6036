"""The pydantic models: what the model emits (``UnionWorkReport``) and what we serialize.

Field descriptions are the model's instructions, so they are written in Chinese.
``schemas/union_work_report.schema.json`` is generated from ``UnionWorkReport``
(``python -m summarizer.schema``); a test fails when the two drift apart.

Model output is untrusted input. The ``mode="before"`` validators accept the
harmless variants small models produce (``"2024年9月15日"`` for a date,
``"全国"`` for ``"national"``, ``"35,900"`` for a float) and nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

SCHEMA_VERSION = "1"

HonorLevel = Literal["national", "provincial", "municipal", "county", "other"]

_LEVEL_ALIASES: dict[str, str] = {
    "全国": "national",
    "国家": "national",
    "国家级": "national",
    "全国级": "national",
    "省": "provincial",
    "省级": "provincial",
    "市": "municipal",
    "市级": "municipal",
    "地市级": "municipal",
    "县": "county",
    "县级": "county",
    "区": "county",
    "区县级": "county",
    "其他": "other",
}

_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _all_required(schema: dict[str, Any]) -> None:
    """Ask the model for every field (nullable ones as null), though validation
    tolerates omissions. Without it a grammar-constrained server may answer ``{}``.

    Likewise the ``maxLength``/``maxItems`` bounds below live in the JSON Schema
    only: they stop a grammar-constrained small model from rambling until
    ``max_tokens``, while validation keeps a longer faithful quote.
    """
    schema["required"] = list(schema.get("properties", {}))


class _Emitted(BaseModel):
    """Base of what the model emits."""

    model_config = ConfigDict(json_schema_extra=_all_required)


class Initiative(_Emitted):
    """A concrete measure (举措) the union took."""

    name: str = Field(
        json_schema_extra={"maxLength": 40},
        description="举措名称，简短概括，例如“职工拔河比赛”“四送品牌服务”",
    )
    category: str = Field(
        default="其他",
        description=(
            "举措类别，取其一：思想引领、组织建设、维权服务、帮扶救助、阵地建设、"
            "劳动竞赛、文体活动、改革创新、党的建设、其他"
        ),
    )
    description: str = Field(
        json_schema_extra={"maxLength": 100},
        default="",
        description="一句话说明做了什么，只用原文中的事实与数字",
    )
    evidence: str = Field(
        json_schema_extra={"maxLength": 150},
        default="",
        description="支持该举措的原文句子，逐字摘录，不得改写",
    )


class KeyNumber(_Emitted):
    """One statistic about the union's work, verbatim from the source."""

    text: str = Field(
        json_schema_extra={"maxLength": 40},
        description="数字在原文中的写法，逐字照抄，包括单位，例如“3.59万元”“504人”“84%”",
    )
    value: float = Field(description="换算成基本单位的数值，例如“3.59万元”为35900，“84%”为84")
    unit: str = Field(
        json_schema_extra={"maxLength": 10},
        description="基本单位，例如 元、人、人次、家、个、场、%",
    )
    metric: str = Field(
        json_schema_extra={"maxLength": 60},
        description="该数字衡量的对象，例如“新增会员”“发放慰问金”“建会率”",
    )
    qualifier: str | None = Field(
        json_schema_extra={"maxLength": 10},
        default=None,
        description="原文中的限定词：余、多、近、约、以上、左右；没有则为 null",
    )
    evidence: str = Field(
        json_schema_extra={"maxLength": 150},
        default="",
        description="包含该数字的原文分句，逐字摘录",
    )

    @field_validator("value", mode="before")
    @classmethod
    def _lenient_value(cls, v: Any) -> Any:
        if isinstance(v, str):
            cleaned = v.replace(",", "").replace("，", "").strip().rstrip("%")
            try:
                return float(cleaned)
            except ValueError:
                return v
        return v


class Honor(_Emitted):
    """An award or title (荣誉) granted to the union or its members."""

    title: str = Field(
        json_schema_extra={"maxLength": 80},
        description="荣誉名称，例如“全国模范职工之家”“全国优秀案例”",
    )
    recipient: str = Field(
        json_schema_extra={"maxLength": 80}, default="", description="获得荣誉的单位或个人"
    )
    level: HonorLevel = Field(
        default="other",
        description="级别：national 全国、provincial 省级、municipal 市级、county 县级、other 其他",
    )
    awarded_by: str | None = Field(
        json_schema_extra={"maxLength": 80},
        default=None,
        description="授予机构，原文未写明则为 null",
    )
    evidence: str = Field(
        json_schema_extra={"maxLength": 150},
        default="",
        description="记载该荣誉的原文句子，逐字摘录",
    )

    @field_validator("level", mode="before")
    @classmethod
    def _lenient_level(cls, v: Any) -> Any:
        if isinstance(v, str):
            key = v.strip()
            return _LEVEL_ALIASES.get(key, key.lower())
        return v


class UnionWorkReport(_Emitted):
    """结构化的工会工作报告摘要。所有数字和引文都必须来自原文。"""

    title: str = Field(
        json_schema_extra={"maxLength": 120}, default="", description="报告或新闻标题"
    )
    organization: str = Field(
        json_schema_extra={"maxLength": 60}, default="", description="报告主体，例如“城步县总工会”"
    )
    region: str | None = Field(
        json_schema_extra={"maxLength": 60},
        default=None,
        description="所在地区，例如“湖南省邵阳市城步县”",
    )
    published: date | None = Field(
        default=None, description="发布日期 YYYY-MM-DD，原文没有则为 null"
    )
    period: str | None = Field(
        json_schema_extra={"maxLength": 40},
        default=None,
        description="报告覆盖的时期，例如“2024年”“十三五期间”",
    )
    summary: str = Field(
        json_schema_extra={"maxLength": 200},
        default="",
        description="三到五句话的中文摘要，只使用原文中的事实和数字",
    )
    initiatives: list[Initiative] = Field(
        json_schema_extra={"maxItems": 12}, default_factory=list, description="主要举措"
    )
    numbers: list[KeyNumber] = Field(
        json_schema_extra={"maxItems": 40},
        default_factory=list,
        description="关键数字，每个统计数字一项",
    )
    honors: list[Honor] = Field(
        json_schema_extra={"maxItems": 12}, default_factory=list, description="获得的荣誉和表彰"
    )

    @field_validator("published", mode="before")
    @classmethod
    def _lenient_date(cls, v: Any) -> Any:
        if isinstance(v, str):
            m = _DATE_RE.search(v)
            if not m:
                return None
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
        return v

    @field_validator("initiatives", "numbers", "honors", mode="before")
    @classmethod
    def _null_list(cls, v: Any) -> Any:
        return [] if v is None else v

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> UnionWorkReport:
        """Run the caller's grounding check, if any (the re-ask path).

        ``extract`` passes ``context={"grounding_check": fn, ...}``; ``fn`` returns
        the problems to send back to the model, or an empty list to accept.
        """
        check: Callable[[UnionWorkReport], list[str]] | None = (info.context or {}).get(
            "grounding_check"
        )
        problems = check(self) if check else []
        if problems:
            raise ValueError(
                "以下内容在原文中找不到，请只使用原文中出现的数字和原句重新回答：\n"
                + "\n".join(problems)
            )
        return self


# --------------------------------------------------------------------------------------
# The JSON output document: a contract read by the batch job, eval and users' scripts.
# --------------------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceInfo(_Out):
    path: str
    sha256: str
    encoding: str
    chars_raw: int
    chars_clean: int
    replaced_bytes: int = 0
    cleaning: dict[str, int] = Field(default_factory=dict, description="edits per kind")
    warnings: list[str] = Field(default_factory=list)
    # The cleaned text, for renderers that show it (``--format html``). Not part of the
    # JSON contract: never serialized, absent from the schema, None once read back.
    text: SkipJsonSchema[str | None] = Field(default=None, exclude=True, repr=False)


class Flag(_Out):
    kind: str  # number_not_in_source | value_mismatch | quote_not_in_source | ...
    path: str  # e.g. "numbers[4]" or "initiatives[2].evidence"
    text: str
    detail: str


class Span(_Out):
    """Where an item sits: character offsets, end exclusive."""

    path: str
    status: Literal["exact", "fuzzy", "none"]
    clean_start: int | None = None
    clean_end: int | None = None
    raw_start: int | None = None
    raw_end: int | None = None
    similarity: float | None = None


class MissedStatistic(_Out):
    text: str
    value: float
    unit: str
    clean_start: int
    clean_end: int


class Verification(_Out):
    flags: list[Flag] = Field(default_factory=list)
    numbers_checked: int = 0
    numbers_grounded: int = 0
    quotes_checked: int = 0
    quotes_grounded: int = 0
    spans: list[Span] = Field(default_factory=list)
    coverage: float | None = None
    statistics_in_source: int = 0
    statistics_captured: int = 0
    missed: list[MissedStatistic] = Field(default_factory=list)


class Usage(_Out):
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class RunInfo(_Out):
    backend: str
    model: str | None
    prompt_version: str | None
    chunks: int
    requests: int
    usage: Usage = Field(default_factory=Usage)
    elapsed_s: float
    mode: str | None = None
    schema_version: str = SCHEMA_VERSION
    corrective_turns: int = 0
    passes: int = 1
    cached_requests: int = 0


class SummaryDocument(_Out):
    source: SourceInfo
    report: UnionWorkReport
    verification: Verification
    run: RunInfo
