"""Make responses.csv: a seeded, synthetic questionnaire of three platforms' users.

The answers are invented (the published study's raw data are not public) but shaped
like a real export: respondent number, submission time, platform, the 26 questions
as "Qk 指标名" columns on a 1-5 scale with a few blanks, and a free-text remark.
Each respondent has a personal leniency, so answers correlate as real ones do.

    python examples/academic-platform/generate_responses.py
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
PLATFORMS = {  # name: (respondents, mean answer)
    "中国科技论文在线": (66, 3.95),
    "学术批评网": (61, 3.35),
    "教育技术通讯": (64, 3.65),
}
SEED = 2026


def main() -> None:
    spec = yaml.safe_load((HERE / "evaluation.yaml").read_text(encoding="utf-8"))
    leaves = [leaf for crit in spec["criteria"] for leaf in crit.get("indicators", [])]
    column = {q["indicator"]: q["column"] for q in spec["survey"]["questions"]}
    rng = np.random.default_rng(SEED)
    effect = rng.normal(0, 0.35, size=len(leaves))  # some indicators are done better
    header = ["编号", "提交时间", "平台"]
    header += [f"{column[leaf['id']]} {leaf['name']}" for leaf in leaves]
    header += ["意见建议"]
    rows = []
    start = datetime(2026, 9, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))  # Beijing time
    number = 0
    for platform, (count, mean) in PLATFORMS.items():
        for _ in range(count):
            number += 1
            leniency = rng.normal(0, 0.5)
            raw = mean + effect + leniency + rng.normal(0, 0.6, size=len(leaves))
            answers = np.clip(np.rint(raw), 1, 5).astype(int)
            cells = [str(a) if rng.random() > 0.02 else "" for a in answers]
            when = start + timedelta(minutes=int(rng.integers(0, 60 * 24 * 30)))
            remark = rng.choice(["", "", "", "希望加快审稿", "检索功能待改进", "很好"])
            rows.append(
                [str(number), when.strftime("%Y-%m-%d %H:%M"), platform, *cells, str(remark)]
            )
    with (HERE / "responses.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    main()
