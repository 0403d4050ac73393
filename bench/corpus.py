"""A deterministic corpus of N reports made from the seeds' paragraphs, for benchmarks."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REGIONS = (
    "临淄区",
    "张店区",
    "淄川区",
    "博山区",
    "周村区",
    "桓台县",
    "高青县",
    "沂源县",
    "淄博高新区",
    "历下区",
    "市中区",
    "槐荫区",
    "天桥区",
    "历城区",
    "长清区",
    "章丘区",
    "济阳区",
    "莱芜区",
    "钢城区",
    "平阴县",
    "商河县",
    "芝罘区",
    "福山区",
    "牟平区",
    "莱山区",
    "蓬莱区",
    "龙口市",
    "莱阳市",
    "莱州市",
    "招远市",
)
TERMS = (
    "两个100%",
    "三线一单",
    "专精特新",
    "一体两翼",
    "双随机、一公开",
    "医共体",
    "河长制",
    "两新一重",
    "瞪羚企业",
    "1+5+N",
    "放管服",
    "一网通办",
)


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8-sig")
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 30]
    return paragraphs


def make_report(rng: random.Random, index: int, paragraphs: list[str], size: int) -> str:
    region = REGIONS[index % len(REGIONS)]
    year = 2015 + index % 10
    date = f"{year}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    body, length, section = [], 0, 0
    while length < size:
        if len(body) % 9 == 0:
            section += 1
            body.append(f"## 第{section}部分 {rng.choice(TERMS)}与高质量发展")
        paragraph = rng.choice(paragraphs)
        if rng.random() < 0.3:
            paragraph += f"确保实现“{rng.choice(TERMS)}”目标。"
        body.append(paragraph)
        length += len(paragraph.encode("utf-8"))
    front = (
        f"---\ntitle: {region}{year}年政府工作报告（第{index}号）\ndate: {date}\n"
        f"region: {region}\nspeaker: 测试{index}\nspeaker_title: 区长\nkind: report\n---\n"
    )
    return front + "\n\n".join(body) + "\n"


def make_corpus(target: Path, count: int = 1000, report_bytes: int = 26_000) -> Path:
    """A project with the repo's templates, static files and glossary, and `count` reports."""
    if target.exists():
        shutil.rmtree(target)
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, target / folder)
    for name in ("glossary.yml", "site.yml"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, target / name)
    # The real reports come along: the glossary cites them as its sources.
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "seeds", target / "seeds")
    rng = random.Random(20260101)
    paragraphs = seed_paragraphs()
    for index in range(count):
        text = make_report(rng, index, paragraphs, report_bytes)
        (target / "content" / f"r{index:05d}.md").write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a benchmark corpus of N reports.")
    parser.add_argument("folder", help="where to write it (replaced if it exists)")
    parser.add_argument("count", type=int, nargs="?", default=1000, help="default: 1000")
    args = parser.parse_args()
    print(make_corpus(Path(args.folder), args.count))
