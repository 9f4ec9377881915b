#!/usr/bin/env python3
"""make_xlsx.py: writes the committed .xlsx fixtures with two real
spreadsheet writers, XlsxWriter (shared strings) and openpyxl (inline
strings, the 1904 date system), so that the reader is checked on files it
did not write.

  python3 -m venv build/venv-xlsx
  build/venv-xlsx/bin/pip install XlsxWriter==3.3.1 openpyxl==3.1.5
  build/venv-xlsx/bin/python tests/tools/make_xlsx.py tests/data

online_retail_subset.xlsx: the rows of tests/data/online_retail.csv.gz whose
CustomerID is a multiple of 20, and every 50th row without a CustomerID (kept
for the dropped-row counts), typed as the UCI workbook types them: numbers,
dates (a date format on the cell), text as shared strings. subset_rows() is
the rule; the tests apply it to the CSV to get the same rows.

dates_1904.xlsx: a few invoice lines in the 1904 date system (Excel for Mac's
old default), on a sheet named "Lines" after a first sheet "Notes"."""
import csv, datetime, gzip, os, sys


def subset_rows(rows):
    """The header, then the rows kept by the rule above (rows are lists)."""
    header = rows[0]
    ci = header.index("CustomerID")
    out, blank = [header], 0
    for r in rows[1:]:
        cid = r[ci].strip()
        if cid == "":
            blank += 1
            if blank % 50 == 0:
                out.append(r)
        elif int(float(cid)) % 20 == 0:
            out.append(r)
    return out


def typed(name, v):
    if v == "":
        return None
    if name in ("Quantity",):
        return int(v)
    if name in ("UnitPrice", "CustomerID"):
        return float(v)
    if name == "InvoiceDate":
        for fmt in ("%m/%d/%y %H:%M", "%m/%d/%Y %H:%M"):
            try:
                return datetime.datetime.strptime(v, fmt)
            except ValueError:
                pass
        return v  # kept as text: the reader must treat it as the CSV does
    if name in ("InvoiceNo", "StockCode") and v.isdigit():
        return int(v)
    return v


def main(out_dir):
    import openpyxl  # here: the tests import subset_rows without them
    import xlsxwriter
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.join(here, "..", "data", "online_retail.csv.gz")
    with gzip.open(src, "rt", encoding="utf-8", newline="") as f:
        rows = subset_rows(list(csv.reader(f)))
    # XlsxWriter: text in the shared strings table, dates with a date format
    path = os.path.join(out_dir, "online_retail_subset.xlsx")
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False})
    ws = wb.add_worksheet("Online Retail")
    datefmt = wb.add_format({"num_format": "m/d/yyyy h:mm"})
    header = rows[0]
    ws.write_row(0, 0, header)
    for i, r in enumerate(rows[1:], start=1):
        for j, (n, v) in enumerate(zip(header, r)):
            t = typed(n, v)
            if t is None:
                continue
            if isinstance(t, datetime.datetime):
                ws.write_datetime(i, j, t, datefmt)
            elif isinstance(t, (int, float)):
                ws.write_number(i, j, t)
            else:
                ws.write_string(i, j, t)
    wb.close()

    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.active.title = "Notes"
    wb.active.append(["invoice lines are on the sheet Lines"])
    ws = wb.create_sheet("Lines")
    ws.append(["CustomerID", "InvoiceNo", "InvoiceDate", "Quantity", "UnitPrice"])
    for r in DATES_1904:
        ws.append([r[0], r[1], datetime.datetime.fromisoformat(r[2]), r[3], r[4]])
    for (cell,) in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    wb.save(os.path.join(out_dir, "dates_1904.xlsx"))


# the lines of dates_1904.xlsx; the tests write the same as a CSV
DATES_1904 = [
    ("A1", "100", "1904-01-02 00:00:00", 1, 10.0),
    ("A1", "101", "2011-12-09 12:50:00", 2, 2.5),
    ("B2", "102", "2011-06-30 23:59:59", 3, 1.25),
    ("B2", "103", "2011-07-01 00:00:01", 1, 4.0),
    ("C3", "104", "2000-02-29 06:00:00", 5, 1.0),
    ("C3", "105", "2011-12-01 08:26:00", 1, 7.0),
]

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
