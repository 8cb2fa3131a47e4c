"""Benchmark: reading a large task table as .xlsx against the same rows as CSV; not part of the tests.

Run: .venv/bin/python benchmarks/grid_read.py [--rows 10000]
Writes one table of ROWS numbered tasks (the columns a county's 任务分解表 has) both ways, reads each
with ``kg.readers.read_plan`` (the whole reader: grid, task table, units), and prints the CPU seconds of
each and the ratio xlsx/csv. The .xlsx should stay within 1.5x of the CSV (issue 29).
"""
from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

from kg.readers import read_plan
from kg.readers.registry import load_registry

HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "责任单位", "配合单位", "完成时限"]
UNITS = ["县发展改革委", "县财政局", "县市场监管局", "县住房城乡建委", "县交通局", "县税务局", "县公安局", "县司法局"]


def rows(count: int) -> list[list[str]]:
    table = [["某县2023年优化营商环境重点任务分解表"], HEADER]
    for number in range(1, count + 1):
        if number % 50 == 1:
            section = f"{'一二三四五六七八九十'[(number // 50) % 10]}、第{number // 50 + 1}部分"
            table.append([section] + [""] * (len(HEADER) - 1))  # a full row, as Excel saves it
        unit = UNITS[number % len(UNITS)]
        table.append([str(number), f"重点工作{number // 5}", f"推进第{number}项改革，完成目标任务。", unit,
                      f"{UNITS[(number + 1) % len(UNITS)]}、各乡镇（街道）", UNITS[(number + 3) % len(UNITS)],
                      f"2023年{number % 12 + 1}月"])
    return table


def write_both(folder: Path, count: int) -> tuple[Path, Path]:
    import openpyxl

    table = rows(count)
    with (folder / "table.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(table)
    book = openpyxl.Workbook()
    for row in table:
        book.active.append([int(v) if v.isdigit() else (v or None) for v in row])
    book.save(folder / "table.xlsx")
    return folder / "table.csv", folder / "table.xlsx"


def cpu_seconds(path: Path, registry) -> float:
    start = time.process_time()
    plan = read_plan(path, registry)
    seconds = time.process_time() - start
    assert len(plan.tasks) > 0
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10000)
    rows_wanted = parser.parse_args().rows
    registry = load_registry()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = write_both(Path(tmp), rows_wanted)
        cpu_seconds(csv_path, registry)  # warm-up: imports and caches, not counted
        csv_time, xlsx_time = cpu_seconds(csv_path, registry), cpu_seconds(xlsx_path, registry)
    print(f"{rows_wanted} rows   csv {csv_time:7.2f}s cpu   xlsx {xlsx_time:7.2f}s cpu   "
          f"ratio xlsx/csv {xlsx_time / csv_time:5.2f}")


if __name__ == "__main__":
    main()
