"""Issue 5: the evaluation harness (``summarize eval``) and the targets on the samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from summarizer.cli import main
from summarizer.config import load_settings
from summarizer.errors import InputError
from summarizer.evaluate import (
    GoldHonor,
    GoldInitiative,
    GoldNumber,
    evaluate_dir,
    gold_files,
    load_gold,
    score_honors,
    score_initiatives,
    score_numbers,
    title_similarity,
)
from summarizer.models import Honor, Initiative, KeyNumber

GOLD = ROOT / "tests" / "gold"


def kn(text: str, value: float, unit: str) -> KeyNumber:
    return KeyNumber(text=text, value=value, unit=unit, metric="m")


def gn(text: str, value: float, unit: str, optional: bool = False) -> GoldNumber:
    return GoldNumber(text=text, value=value, unit=unit, optional=optional)


# ------------------------------------------------------------------ scoring


def test_numbers_match_one_to_one_by_value_and_unit() -> None:
    predicted = [
        kn("35900元", 35900, "元"),
        kn("4名", 4, "名"),
        kn("4人", 4, "人"),
        kn("4个", 4, "个"),
    ]
    gold = [gn("3.59万元", 35900, "元"), gn("4人", 4, "人"), gn("4人", 4, "人"), gn("9家", 9, "家")]
    score = score_numbers(predicted, gold)
    assert (score.matched, score.predicted, score.found, score.expected) == (3, 4, 3, 4)
    assert score.precision == pytest.approx(0.75) and score.recall == pytest.approx(0.75)
    assert score.missed == ("9家",) and score.extra == ("4个（m）",)


def test_value_must_agree_and_an_empty_unit_matches_any() -> None:
    assert score_numbers([kn("3.59万元", 3.59, "万元")], [gn("3.59万元", 35900, "元")]).matched == 0
    assert score_numbers([kn("65", 65, "")], [gn("65个", 65, "个")]).matched == 1


def test_optional_gold_counts_when_matched_and_not_when_missed() -> None:
    gold = [
        gn("123个", 123, "个"),
        gn("123个", 123, "个", optional=True),
        gn("两次", 2, "次", optional=True),
    ]
    once = score_numbers([kn("123个", 123, "个")], gold)
    twice = score_numbers([kn("123个", 123, "个")] * 2, gold)
    assert (once.precision, once.recall) == (1.0, 1.0)
    assert (twice.precision, twice.recall, twice.matched) == (1.0, 1.0, 2)


def test_no_predictions_and_no_gold() -> None:
    empty = score_numbers([], [])
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 1.0, 1.0)
    assert score_numbers([], [gn("1个", 1, "个")]).f1 == 0.0


def test_honor_titles_match_fuzzily() -> None:
    assert title_similarity("全国优秀“爱心托管班”荣誉称号", "全国优秀爱心托管班") == 1.0
    assert title_similarity("人社部联合通报表彰", "通报表彰") == 1.0
    assert title_similarity("优秀组织奖", "全国优秀案例") < 0.6
    predicted = [
        Honor(title="市级职工创新工作室"),
        Honor(title="省级职工创新工作室"),
        Honor(title="授牌"),
    ]
    gold = [
        GoldHonor(title="省级职工（劳模）创新工作室"),
        GoldHonor(title="市级职工（劳模）创新工作室"),
    ]
    score = score_honors(predicted, gold)
    assert (score.found, score.expected, score.matched, score.extra) == (2, 2, 2, ("授牌",))


def test_initiatives_are_hit_by_keywords() -> None:
    predicted = [
        Initiative(name="强化理论武装", description="组织宣讲70余场"),
        Initiative(name="其他工作", description="召开会议"),
    ]
    gold = [
        GoldInitiative(name="理论武装", keywords=["理论武装"]),
        GoldInitiative(name="宣讲", keywords=["宣讲团", "宣讲"]),
        GoldInitiative(name="帮扶", keywords=["帮扶"]),
    ]
    score = score_initiatives(predicted, gold)
    assert (score.found, score.expected, score.matched, score.predicted) == (2, 3, 1, 2)
    assert score.missed == ("帮扶",)


# ------------------------------------------------------------------ gold files


def test_one_gold_file_per_sample_report() -> None:
    reports = {(GOLD / load_gold(p).report).resolve() for p in gold_files(GOLD)}
    assert reports == {p.resolve() for p in SAMPLES}


def test_gold_numbers_are_written_as_in_the_cleaned_reports() -> None:
    from summarizer.clean import clean_text

    for path in gold_files(GOLD):
        gold = load_gold(path)
        text = clean_text((GOLD / gold.report).read_text(encoding="utf-8")).text
        absent = [n.text for n in gold.numbers if n.text not in text]
        assert not absent, f"{path.name}: {absent}"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ('{"report": "x.txt", "numbers": [{"text": "1个"}]}', "numbers.0.value"),
        ('{"report": "x.txt", "colour": 1}', "colour"),
        ('{"report": "missing.txt"}', "not found"),
    ],
)
def test_bad_gold_file_is_an_input_error(tmp_path: Path, content: str, words: str) -> None:
    (tmp_path / "a.json").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=words) as info:
        evaluate_dir(tmp_path, load_settings({"backend": "rules"}, environ={}))
    assert info.value.exit_code == 2


def test_missing_or_empty_gold_dir(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such directory"):
        gold_files(tmp_path / "nope")
    with pytest.raises(InputError, match="no gold files"):
        gold_files(tmp_path)


# ------------------------------------------------------------------ targets


def test_rules_backend_meets_the_targets_on_the_samples() -> None:
    result = evaluate_dir(GOLD, load_settings({"backend": "rules"}, environ={}))
    overall = result.overall
    assert result.backend == "rules" and len(result.reports) == len(SAMPLES)
    assert overall.numbers.recall >= 0.9, overall.numbers.missed
    assert overall.numbers.precision >= 0.9, overall.numbers.extra
    assert overall.honors.recall >= 0.7, overall.honors.missed
    assert overall.flag_rate == 0.0


# ------------------------------------------------------------------ command line


def test_cli_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(GOLD), "--backend", "rules", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["backend"] == "rules" and payload["model"] is None
    assert len(payload["reports"]) == len(SAMPLES)
    overall = payload["overall"]
    assert set(overall) >= {"numbers", "honors", "initiatives", "flag_rate"}
    assert overall["numbers"]["recall"] >= 0.9 and overall["numbers"]["precision"] >= 0.9
    assert overall["honors"]["recall"] >= 0.7
    assert {"precision", "recall", "f1", "missed", "extra"} <= set(overall["numbers"])


def test_cli_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(GOLD), "--backend", "rules", "--details"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "numbers P" in out and "000_af40745dab7e3dfb" in out


def test_cli_bad_gold_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path / "nope"), "--backend", "rules"]) == 2
    err = capsys.readouterr().err
    assert "no such directory" in err and err.count("\n") == 1
