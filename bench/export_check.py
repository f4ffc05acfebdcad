#!/usr/bin/env python3
"""Checks the dashboard's CSV export of all lines against the data set's CSV (bench/export.sh).

The source is latin-1 with month-first dates; the export is UTF-8 with a byte order mark, ISO dates and a LineTotal
column. Every source row must appear in the export with equal values (as a multiset: the export is in id order,
which is not the file's order), and LineTotal must be Quantity x UnitPrice exactly."""
import csv, gzip, io, sys
from collections import Counter
from datetime import datetime
from decimal import Decimal

source_path, export_path = sys.argv[1], sys.argv[2]
limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else None

def key(invoice, stock, description, quantity, date, price, customer, country):
    customer = str(int(Decimal(customer))) if customer.strip() else ""
    return (invoice, stock, description, int(quantity), date, Decimal(price).normalize(), customer, country)

source = Counter()
with gzip.open(source_path, "rt", encoding="latin-1", newline="") as f:
    for i, row in enumerate(csv.DictReader(f)):
        if limit is not None and i >= limit:
            break
        date = datetime.strptime(row["InvoiceDate"], "%m/%d/%Y %H:%M" if len(row["InvoiceDate"].split(" ")[0].split("/")[2]) == 4 else "%m/%d/%y %H:%M")
        source[key(row["InvoiceNo"], row["StockCode"], row["Description"], row["Quantity"], date, row["UnitPrice"], row["CustomerID"], row["Country"])] += 1

exported = Counter()
bad_totals = 0
with open(export_path, "r", encoding="utf-8-sig", newline="") as f:
    reader = csv.DictReader(f)
    for row in reader:
        date = datetime.strptime(row["InvoiceDate"], "%Y-%m-%d %H:%M:%S")
        exported[key(row["InvoiceNo"], row["StockCode"], row["Description"], row["Quantity"], date, row["UnitPrice"], row["CustomerID"], row["Country"])] += 1
        if Decimal(row["LineTotal"]) != int(row["Quantity"]) * Decimal(row["UnitPrice"]):
            bad_totals += 1

rows = sum(exported.values())
missing = source - exported
extra = exported - source
print(f"BENCH export.csv.rows {rows}")
print(f"BENCH export.csv.source_rows {sum(source.values())}")
print(f"BENCH export.csv.rows_differing {sum(missing.values()) + sum(extra.values())}")
print(f"BENCH export.csv.line_totals_wrong {bad_totals}")
if missing or extra or bad_totals:
    for k in list(missing)[:3]:
        print("  in the source, not the export:", k)
    for k in list(extra)[:3]:
        print("  in the export, not the source:", k)
    sys.exit(1)
print("  every source row is in the export with equal values")
