-- group-by: a low-cardinality string key over the orders table.
SELECT o_status, count(*) AS n, sum(o_amount) AS amount
FROM {orders}
GROUP BY o_status
ORDER BY o_status
