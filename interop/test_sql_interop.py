"""`lake sql` against DuckDB on the same files, and time travel against delta-rs.

Every query runs through `lake sql --format jsonl` and through DuckDB (pinned in the venv) on the
same Parquet file; DuckDB's Arrow result is converted to the jsonl convention by
interop/jsonl_reference.py and the rows are compared by position. Numbers compare exactly when
both engines return the same kind; when one returns a decimal and the other a double (Spark's avg
of a decimal is a decimal, DuckDB's is a double), they must agree to the decimal's scale.
"""

from __future__ import annotations

import decimal
import json
import os
import subprocess
import sys

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

sys.path.insert(0, os.path.dirname(__file__))
import delta_reference as dr  # noqa: E402
import jsonl_reference as jr  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TPCHGEN = os.path.join(os.path.dirname(sys.executable), "tpchgen-cli")


def lake_bin() -> str:
    path = os.environ.get("LAKE_BIN")
    assert path, "LAKE_BIN is not set: run through `make test` (or set LAKE_BIN to the built lake binary)"
    return path


def lake_sql(sql: str, cwd: str | None = None) -> list[dict]:
    proc = subprocess.run([lake_bin(), "sql", "--format", "jsonl", "--threads", "2"], input=sql, capture_output=True, text=True, cwd=cwd, timeout=600)
    assert proc.returncode >= 0, f"lake crashed with signal {-proc.returncode}: {proc.stderr[-2000:]}"
    assert proc.returncode == 0, f"lake sql failed on:\n{sql}\n{proc.stderr[-2000:]}"
    return [json.loads(line) for line in proc.stdout.split("\n") if line.strip()]


def duck_rows(con, sql: str) -> list[list]:
    table = con.sql(sql).to_arrow_table()
    rows = jr.table_to_rows(table)
    return [list(r.values()) for r in rows]


def numeric(v):
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return decimal.Decimal(repr(v)) if isinstance(v, float) else decimal.Decimal(v)
    if isinstance(v, str):
        try:
            return decimal.Decimal(v)
        except decimal.InvalidOperation:
            return None
    return None


def same(a, b) -> bool:
    if a == b:
        return True
    x, y = numeric(a), numeric(b)
    if x is None or y is None or not x.is_finite() or not y.is_finite():
        return False
    # Decimal text of lake (or of DuckDB): agree to its scale; floats: to 1e-9 relative.
    scales = [len(s.split(".")[1]) for s in (a, b) if isinstance(s, str) and "." in s]
    tolerance = decimal.Decimal(10) ** -min(scales) / 2 if scales else decimal.Decimal(0)
    tolerance = max(tolerance, abs(y) * decimal.Decimal("1e-9"), decimal.Decimal("1e-12"))
    return abs(x - y) <= tolerance


def assert_same_rows(lake: list[dict], duck: list[list], sql: str, ordered: bool) -> None:
    lrows = [list(r.values()) for r in lake]
    assert len(lrows) == len(duck), f"{sql}\nlake returned {len(lrows)} rows, DuckDB {len(duck)}:\nlake {lrows[:5]}\nduck {duck[:5]}"
    if not ordered:
        key = lambda r: json.dumps(r, default=str, sort_keys=True)  # noqa: E731
        lrows, duck = sorted(lrows, key=key), sorted(duck, key=key)
    for i, (l, d) in enumerate(zip(lrows, duck)):
        assert len(l) == len(d), f"{sql}\nrow {i}: lake {l} vs DuckDB {d}"
        for j, (a, b) in enumerate(zip(l, d)):
            assert same(a, b), f"{sql}\nrow {i} column {j}: lake {a!r} vs DuckDB {b!r}\nlake row {l}\nduck row {d}"


@pytest.fixture(scope="session")
def orders(tmp_path_factory) -> str:
    """A deterministic orders file with nulls, decimals, dates, timestamps and strings."""
    import random

    rnd = random.Random(7)
    n = 3000
    statuses = ["paid", "refunded", "pending", None]
    cities = ["São Paulo", "Recife", "Porto Alegre", "Belém", "Natal", None]
    data = {
        "id": list(range(1, n + 1)),
        "customer": [f"c{rnd.randint(1, 300)}" if rnd.random() > 0.05 else None for _ in range(n)],
        "amount": [decimal.Decimal(rnd.randint(-500, 100000)) / 100 if rnd.random() > 0.05 else None for _ in range(n)],
        "qty": [rnd.randint(1, 50) if rnd.random() > 0.03 else None for _ in range(n)],
        "score": [rnd.uniform(-10, 10) if rnd.random() > 0.05 else None for _ in range(n)],
        "status": [rnd.choice(statuses) for _ in range(n)],
        "city": [rnd.choice(cities) for _ in range(n)],
        "day": [rnd.randint(19000, 19400) if rnd.random() > 0.02 else None for _ in range(n)],
        "ts": [rnd.randint(1_640_000_000_000_000, 1_700_000_000_000_000) if rnd.random() > 0.02 else None for _ in range(n)],
    }
    table = pa.table({
        "id": pa.array(data["id"], pa.int64()),
        "customer": pa.array(data["customer"], pa.string()),
        "amount": pa.array(data["amount"], pa.decimal128(10, 2)),
        "qty": pa.array(data["qty"], pa.int32()),
        "score": pa.array(data["score"], pa.float64()),
        "status": pa.array(data["status"], pa.string()),
        "city": pa.array(data["city"], pa.string()),
        "day": pa.array(data["day"], pa.date32()),
        "ts": pa.array(data["ts"], pa.timestamp("us", tz="UTC")),
    })
    path = str(tmp_path_factory.mktemp("sql") / "orders.parquet")
    pq.write_table(table, path, row_group_size=700)
    return path


# (lake SQL, DuckDB SQL or None when identical, ordered result)
QUERIES = [
    ("SELECT * FROM {t} WHERE id < 20", None, False),
    ("SELECT id, customer, amount FROM {t} WHERE amount > 500 AND status = 'paid' ORDER BY id LIMIT 25", None, True),
    ("SELECT count(*), count(customer), count(DISTINCT customer), sum(qty), min(amount), max(amount) FROM {t}", None, True),
    ("SELECT status, count(*) AS n, sum(amount) AS s, min(day), max(ts) FROM {t} GROUP BY status ORDER BY status NULLS FIRST", None, True),
    ("SELECT city, status, count(*) FROM {t} GROUP BY city, status HAVING count(*) > 40 ORDER BY 3 DESC, 1 NULLS LAST, 2 NULLS LAST", None, True),
    ("SELECT avg(qty), avg(score), stddev(score) FROM {t}", None, True),
    ("SELECT avg(amount) FROM {t} WHERE city = 'Recife'", None, True),
    ("SELECT id FROM {t} WHERE customer IN ('c1', 'c2', 'c3') ORDER BY id", None, True),
    ("SELECT id FROM {t} WHERE qty BETWEEN 10 AND 12 AND day >= DATE '2022-01-15' ORDER BY id", None, True),
    ("SELECT id, city FROM {t} WHERE city LIKE 'P%' OR city ILIKE '%natal%' ORDER BY id LIMIT 30", None, True),
    ("SELECT id, CASE WHEN amount >= 500 THEN 'high' WHEN amount < 0 THEN 'negative' ELSE 'low' END AS band FROM {t} ORDER BY id LIMIT 50", None, True),
    ("SELECT id, amount * qty, amount + 1.5, amount - qty, score * 2 FROM {t} WHERE id <= 40 ORDER BY id", None, True),
    ("SELECT id, qty / 4, qty % 4, -qty FROM {t} WHERE id <= 40 ORDER BY id", "SELECT id, qty / 4, qty % 4, -qty FROM {t} WHERE id <= 40 ORDER BY id", True),
    ("SELECT DISTINCT status FROM {t}", None, False),
    ("SELECT year(day) AS y, month(day) AS m, count(*) FROM {t} WHERE day IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2", None, True),
    ("SELECT upper(city), lower(status), length(customer), substring(customer, 2, 2) FROM {t} WHERE id <= 30 ORDER BY id", None, True),
    ("SELECT coalesce(city, status, 'none') FROM {t} WHERE id <= 60 ORDER BY id", None, True),
    ("SELECT CAST(amount AS DOUBLE), CAST(qty AS STRING), CAST(day AS TIMESTAMP) FROM {t} WHERE id <= 20 ORDER BY id",
     "SELECT CAST(amount AS DOUBLE), CAST(qty AS VARCHAR), CAST(day AS TIMESTAMPTZ) FROM {t} WHERE id <= 20 ORDER BY id", True),
    ("WITH c AS (SELECT customer, sum(amount) AS total FROM {t} GROUP BY customer) SELECT customer, total FROM c WHERE total > 3000 ORDER BY total DESC, customer", None, True),
    ("SELECT a.id AS left_id, b.id AS right_id FROM {t} a JOIN {t} b ON a.customer = b.customer AND a.id < b.id WHERE a.id < 100 ORDER BY 1, 2", None, True),
    ("SELECT a.id, b.city FROM {t} a LEFT JOIN (SELECT id, city FROM {t} WHERE city = 'Natal') b ON a.id = b.id WHERE a.id <= 50 ORDER BY a.id", None, True),
    ("SELECT count(*) FROM {t} WHERE customer IN (SELECT customer FROM {t} WHERE amount > 900)", None, True),
    ("SELECT id FROM {t} WHERE id <= 5 UNION ALL SELECT id FROM {t} WHERE id BETWEEN 2990 AND 3000 ORDER BY id", None, True),
    ("SELECT status, city FROM (SELECT status, city, count(*) AS n FROM {t} GROUP BY status, city) x WHERE n BETWEEN 20 AND 30 ORDER BY 1 NULLS LAST, 2 NULLS LAST", None, True),
    ("SELECT id, ts FROM {t} WHERE ts >= TIMESTAMP '2023-01-01 00:00:00' ORDER BY ts DESC NULLS LAST LIMIT 10", None, True),
    ("SELECT round(score, 2), floor(score), ceil(score), abs(score) FROM {t} WHERE id <= 25 ORDER BY id", None, True),
    ("SELECT date_add(day, 30), datediff(DATE '2024-01-01', day) FROM {t} WHERE id <= 25 ORDER BY id",
     "SELECT day + 30, DATE '2024-01-01' - day FROM {t} WHERE id <= 25 ORDER BY id", True),
    # Subqueries: correlated EXISTS / IN / NOT IN / scalar, and NOT IN's null rules.
    ("SELECT id FROM {t} o WHERE EXISTS (SELECT 1 FROM {t} x WHERE x.customer = o.customer AND x.id <> o.id AND x.amount > o.amount) ORDER BY id", None, True),
    ("SELECT id FROM {t} o WHERE NOT EXISTS (SELECT 1 FROM {t} x WHERE x.city = o.city AND x.day > o.day) ORDER BY id", None, True),
    ("SELECT id, (SELECT count(*) FROM {t} x WHERE x.customer = o.customer) AS n, (SELECT max(x.amount) FROM {t} x WHERE x.customer = o.customer AND x.status = 'paid') AS m FROM {t} o WHERE id <= 200 ORDER BY id", None, True),
    ("SELECT id FROM {t} o WHERE amount > (SELECT avg(x.amount) * 1.5 FROM {t} x WHERE x.city = o.city) ORDER BY id", None, True),
    ("SELECT id FROM {t} o WHERE qty IN (SELECT x.qty FROM {t} x WHERE x.customer = o.customer AND x.id < o.id) ORDER BY id", None, True),
    ("SELECT id FROM {t} o WHERE qty NOT IN (SELECT x.qty FROM {t} x WHERE x.customer = o.customer AND x.id <> o.id) ORDER BY id", None, True),
    ("SELECT count(*) FROM {t} WHERE qty NOT IN (SELECT qty FROM {t} WHERE city = 'Natal')", None, True),
    ("SELECT count(*) FROM {t} WHERE qty NOT IN (SELECT qty FROM {t} WHERE city = 'Natal' AND qty IS NOT NULL)", None, True),
    # Window functions (explicit NULLS FIRST/LAST: Spark and DuckDB default differently).
    ("SELECT id, customer, row_number() OVER (PARTITION BY customer ORDER BY amount DESC NULLS LAST, id) AS rn FROM {t} WHERE id <= 300 ORDER BY id", None, True),
    ("SELECT id, rank() OVER w AS r, dense_rank() OVER w AS d, percent_rank() OVER w AS pr, cume_dist() OVER w AS cd,"
     " ntile(4) OVER (PARTITION BY status ORDER BY qty NULLS FIRST, id) AS nt FROM {t}"
     " WINDOW w AS (PARTITION BY status ORDER BY qty NULLS FIRST) ORDER BY id", None, True),
    ("SELECT id, sum(amount) OVER (PARTITION BY city ORDER BY id) AS s, count(*) OVER (PARTITION BY city ORDER BY day NULLS FIRST) AS c,"
     " avg(score) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS a,"
     " min(ts) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS mn,"
     " max(customer) OVER (PARTITION BY status ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS mx,"
     " count(qty) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before FROM {t} ORDER BY id", None, True),
    ("SELECT id, lag(amount) OVER (PARTITION BY customer ORDER BY id) AS l1, lead(qty, 2, 0) OVER (PARTITION BY customer ORDER BY id) AS l2,"
     " first_value(city) OVER (PARTITION BY customer ORDER BY id) AS f,"
     " last_value(city) OVER (PARTITION BY customer ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS l,"
     " nth_value(status, 2) OVER (PARTITION BY customer ORDER BY id) AS n FROM {t} ORDER BY id", None, True),
    ("SELECT id, last_value(city, true) OVER (ORDER BY id) AS l FROM {t} ORDER BY id",
     "SELECT id, last_value(city IGNORE NULLS) OVER (ORDER BY id) AS l FROM {t} ORDER BY id", True),
    ("SELECT id, sum(amount) OVER (PARTITION BY city ORDER BY day NULLS FIRST RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND CURRENT ROW) AS s,"
     " count(*) OVER (ORDER BY qty DESC NULLS LAST RANGE BETWEEN 2 PRECEDING AND 3 FOLLOWING) AS c,"
     " max(ts) OVER (PARTITION BY status ORDER BY amount NULLS FIRST RANGE BETWEEN 0.50 FOLLOWING AND 10 FOLLOWING) AS m FROM {t} ORDER BY id", None, True),
    ("SELECT city, sum(amount) AS total, rank() OVER (ORDER BY sum(amount) DESC) AS r FROM {t} GROUP BY city ORDER BY r, city NULLS FIRST", None, True),
    ("SELECT customer, id, amount FROM {t} WHERE customer IS NOT NULL QUALIFY row_number() OVER (PARTITION BY customer ORDER BY id DESC) = 1 ORDER BY customer", None, True),
    ("SELECT id, count(DISTINCT city) OVER (PARTITION BY status) AS cd, stddev(score) OVER (PARTITION BY status) AS sd, sum(qty) OVER () AS total"
     " FROM {t} WHERE id <= 100 ORDER BY id", None, True),
]


@pytest.mark.parametrize("lake_query, duck_query, ordered", QUERIES, ids=[q[0][:60] for q in QUERIES])
def test_sql_matches_duckdb(orders, lake_query, duck_query, ordered):
    lake = lake_sql(lake_query.format(t=f"parquet.`{orders}`") + ";")
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute("SET TimeZone = 'UTC'")
    duck = duck_rows(con, (duck_query or lake_query).format(t=f"read_parquet('{orders}')"))
    assert_same_rows(lake, duck, lake_query, ordered)


@pytest.fixture(scope="session")
def lineitem(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("tpch")
    subprocess.run([TPCHGEN, "parquet", "-s", "1", "--tables", "lineitem", "--output-dir", str(out)], check=True, capture_output=True, timeout=600)
    return str(out / "lineitem.parquet")


@pytest.mark.parametrize("query", ["tpch_q1", "tpch_q6"])
def test_tpch_sf1_gives_duckdbs_answers(lineitem, query):
    text = open(os.path.join(HERE, "..", "bench", "queries", f"{query}.sql")).read()
    lake = lake_sql(text.replace("{lineitem}", f"parquet.`{lineitem}`"))
    con = duckdb.connect()
    con.execute("SET threads = 2")
    duck = duck_rows(con, text.replace("{lineitem}", f"read_parquet('{lineitem}')"))
    assert_same_rows(lake, duck, query, ordered=True)


TPCH_TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
TPCH_SMALL = ["tpch_q1", "tpch_q3", "tpch_q4", "tpch_q5", "tpch_q6", "tpch_q10", "tpch_q12", "tpch_q14", "tpch_q17",
              "tpch_q18", "tpch_q19", "tpch_q21", "tpch_q22"]


@pytest.fixture(scope="session")
def tpch_small(tmp_path_factory) -> str:
    """Every TPC-H table at scale factor 0.1: joins, EXISTS, correlated subqueries."""
    out = tmp_path_factory.mktemp("tpch01")
    subprocess.run([TPCHGEN, "parquet", "-s", "0.1", "--output-dir", str(out)], check=True, capture_output=True, timeout=600)
    return str(out)


@pytest.mark.parametrize("query", TPCH_SMALL)
def test_tpch_queries_give_duckdbs_answers(tpch_small, query):
    text = open(os.path.join(HERE, "..", "bench", "queries", f"{query}.sql")).read()
    lake_text, duck_text = text, text
    for t in TPCH_TABLES:
        lake_text = lake_text.replace("{" + t + "}", f"parquet.`{tpch_small}/{t}.parquet`")
        duck_text = duck_text.replace("{" + t + "}", f"read_parquet('{tpch_small}/{t}.parquet')")
    con = duckdb.connect()
    con.execute("SET threads = 2")
    assert_same_rows(lake_sql(lake_text), duck_rows(con, duck_text), query, ordered=True)


@pytest.mark.parametrize("name", dr.table_names())
def test_time_travel_matches_delta_rs(name):
    """Every readable version of every delta-rs fixture table, read with VERSION AS OF, equals delta-rs."""
    path = dr.table_path(name)
    checked = 0
    for facts in dr.load_facts(name)["versions"]:
        if not facts["available"] or not facts["readable"]:
            continue
        version = facts["version"]
        rows = lake_sql(f"SELECT * FROM delta.`{path}` VERSION AS OF {version};")
        schema = dr.delta_schema_to_arrow(facts["schema"])
        dr.assert_same_rows(dr.load_expected(name, version), rows, schema, f"SQL VERSION AS OF {version} on {name}")
        checked += 1
    assert checked > 0, f"{name}: no readable version"
