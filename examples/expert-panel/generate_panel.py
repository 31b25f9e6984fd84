"""Make panel.csv: a seeded, synthetic panel of twelve experts in the panel template.

Each matrix of evaluation.yaml has a "true" priority vector; every expert judges each
pair as the true ratio times their own log-normal noise, rounded to the nearest value
of Saaty's scale (1/9 ... 9). Most experts are careful (small noise), three are careless
(large noise, so several of their matrices fail CR < 0.1), one skipped two pairs and
one skipped a whole matrix's pairs but one (left out of that matrix). Seniors weigh 2,
the others 1.

The file has the template's shape: a respondent column, a weight column, one column per
pair named a/b, and a second header row naming the two items.

    python examples/expert-panel/generate_panel.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
SEED = 2026
SCALE = np.array(
    [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]
)
EXPERTS = [  # id, weight, noise (sd of ln a_ij)
    ("E01 王教授", 2, 0.25),
    ("E02 李研究员", 2, 0.3),
    ("E03 张编辑", 1, 0.3),
    ("E04 刘馆员", 1, 0.35),
    ("E05 陈博士", 1, 0.3),
    ("E06 杨老师", 1, 1.3),
    ("E07 赵主编", 2, 0.25),
    ("E08 黄工程师", 1, 0.35),
    ("E09 周同学", 1, 1.4),
    ("E10 吴老师", 1, 0.3),
    ("E11 徐博士", 1, 1.2),
    ("E12 孙研究员", 1, 0.3),
]
SKIPS = {  # expert index -> pairs left blank
    3: {"C11/C13", "C22/C24"},
    7: {f"C3{i}/C3{j}" for i in range(1, 7) for j in range(i + 1, 7)} - {"C31/C32"},
}


def text(x: float) -> str:
    return str(int(x)) if x >= 1 else f"1/{round(1 / x)}"


def main() -> None:
    spec = yaml.safe_load((HERE / "evaluation.yaml").read_text(encoding="utf-8"))
    rng = np.random.default_rng(SEED)
    matrices = [("A", [(c["id"], c["name"]) for c in spec["criteria"]])]
    matrices += [
        (c["id"], [(i["id"], i["name"]) for i in c["indicators"]]) for c in spec["criteria"]
    ]
    columns: list[str] = []
    labels: list[str] = []
    truth: dict[str, float] = {}
    for _, items in matrices:
        w = rng.dirichlet(np.full(len(items), 3.0))
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                name = f"{items[i][0]}/{items[j][0]}"
                columns.append(name)
                labels.append(f"{items[i][1]} vs {items[j][1]}")
                truth[name] = float(np.log(w[i] / w[j]))
    rows = []
    for k, (expert, weight, noise) in enumerate(EXPERTS):
        cells = []
        for name in columns:
            if name in SKIPS.get(k, set()):
                cells.append("")
                continue
            log = truth[name] + rng.normal(0.0, noise)
            cells.append(text(float(SCALE[np.argmin(np.abs(np.log(SCALE) - log))])))
        rows.append([expert, weight, *cells])
    with (HERE / "panel.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["respondent", "weight", *columns])
        out.writerow(["答卷人 Respondent", "权重 Weight", *labels])
        out.writerows(rows)


if __name__ == "__main__":
    main()
