/// The demo's pipeline file, written next to its landing directory so it can be read and changed.
enum DemoPipeline {
    static let states = "'AC','AL','AP','AM','BA','CE','DF','ES','GO','MA','MT','MS','MG','PA','PB','PR','PE','PI','RJ','RN','RS','RO','RR','SC','SP','SE','TO'"

    static let yaml = """
        # The lake demo: a Brazilian online shop's exports, refined bronze -> silver -> gold.
        # Run it with `lake pipeline run pipeline.yaml` (or `lake demo`); draw it with
        # `lake pipeline graph pipeline.yaml --format mermaid`.
        name: ecommerce
        storage: lakehouse            # the Delta tables: lakehouse/<schema>/<table>
        event_log: event_log.ecommerce

        datasets:
          # --- Bronze: the files as they landed, each ingested exactly once ----------------
          - name: bronze.customers
            comment: Customer sign-ups and address changes, as exported (CSV)
            source: {path: landing/customers, format: csv}
          - name: bronze.products
            comment: The product catalogue and price changes (JSON lines)
            source: {path: landing/products, format: json}
          - name: bronze.orders
            comment: Orders and their status changes (CSV; the April export adds a column)
            source:
              path: landing/orders
              format: csv
              schema_hints: "order_purchase_timestamp STRING"   # keep the raw text; silver parses it
              schema_evolution_mode: addNewColumns
          - name: bronze.order_items
            comment: Order lines (JSON lines)
            source: {path: landing/order_items, format: json}
          - name: bronze.payments
            comment: Payments (CSV)
            source: {path: landing/payments, format: csv}

          # --- Silver: typed, cleaned, deduplicated (latest version of each key wins) -------
          - name: silver.customers
            kind: streaming_table
            sql: |
              SELECT customer_id, trim(customer_name) AS customer_name, lower(email) AS email,
                     trim(city) AS city, upper(trim(state)) AS state, zip_prefix,
                     CAST(signup_date AS DATE) AS signup_date, CAST(updated_at AS TIMESTAMP) AS updated_at
              FROM STREAM(bronze.customers)
            expectations:
              - {name: valid_customer_id, condition: customer_id IS NOT NULL, action: drop}
              - {name: valid_state, condition: "state IN (\(states))", action: warn}
            apply_changes: {keys: [customer_id], sequence_by: updated_at}

          - name: silver.products
            kind: streaming_table
            sql: |
              SELECT product_id, category, product_name, CAST(list_price AS DECIMAL(10,2)) AS list_price,
                     weight_g, CAST(updated_at AS TIMESTAMP) AS updated_at
              FROM STREAM(bronze.products)
            expectations:
              - {name: valid_product_id, condition: product_id IS NOT NULL, action: drop}
            apply_changes: {keys: [product_id], sequence_by: updated_at}

          - name: silver.orders
            kind: streaming_table
            sql: |
              SELECT * EXCEPT (order_purchase_timestamp, updated_at, _rescued_data, _source_file, _ingested_at),
                     to_timestamp(order_purchase_timestamp) AS purchased_at,
                     CAST(updated_at AS TIMESTAMP) AS updated_at,
                     _source_file AS source_file
              FROM STREAM(bronze.orders)
            expectations:
              - {name: valid_order_id, condition: order_id IS NOT NULL, action: drop}
              - {name: valid_purchase_time, condition: purchased_at IS NOT NULL, action: drop}
              - {name: has_customer, condition: customer_id IS NOT NULL, action: warn}
            apply_changes: {keys: [order_id], sequence_by: updated_at}

          - name: silver.order_items
            kind: streaming_table
            sql: |
              SELECT order_id, order_item_id, product_id,
                     CAST(price AS DECIMAL(10,2)) AS price, CAST(freight_value AS DECIMAL(10,2)) AS freight_value,
                     _ingested_at AS ingested_at
              FROM STREAM(bronze.order_items)
            expectations:
              - {name: positive_price, condition: price IS NOT NULL AND price > 0, action: drop}
              - {name: plausible_price, condition: price < 10000, action: drop}
            apply_changes: {keys: [order_id, order_item_id], sequence_by: ingested_at}

          - name: silver.payments
            kind: streaming_table
            sql: |
              SELECT order_id, CAST(payment_sequential AS INT) AS payment_sequential, payment_type,
                     CAST(payment_installments AS INT) AS installments,
                     CAST(payment_value AS DECIMAL(10,2)) AS payment_value, _ingested_at AS ingested_at
              FROM STREAM(bronze.payments)
            expectations:
              # A payment type nobody knows means the export is broken: stop, change nothing.
              - {name: valid_payment_type, condition: "payment_type IN ('credit_card','boleto','pix','voucher','debit_card')", action: fail}
              - {name: non_negative_value, condition: payment_value >= 0, action: drop}
            apply_changes: {keys: [order_id, payment_sequential], sequence_by: ingested_at}

          - name: silver.sales
            kind: materialized_view
            comment: One row per order line, with its order, customer and product
            sql: |
              SELECT i.order_id, i.order_item_id, o.customer_id, CAST(o.purchased_at AS DATE) AS order_date,
                     o.order_status AS status, c.state AS customer_state, c.city AS customer_city,
                     p.category, i.price, i.freight_value
              FROM silver.order_items i
              JOIN silver.orders o ON o.order_id = i.order_id
              LEFT JOIN silver.customers c ON c.customer_id = o.customer_id
              LEFT JOIN silver.products p ON p.product_id = i.product_id
            expectations:
              - {name: known_customer, condition: customer_state IS NOT NULL, action: warn}
              - {name: known_product, condition: category IS NOT NULL, action: warn}

          # --- Gold: answers for BI ---------------------------------------------------------
          - name: gold.revenue_by_day_state
            kind: materialized_view
            sql: |
              SELECT order_date, coalesce(customer_state, 'unknown') AS state,
                     count(DISTINCT order_id) AS orders, sum(price) AS revenue, sum(freight_value) AS freight
              FROM silver.sales
              WHERE status <> 'canceled'
              GROUP BY order_date, coalesce(customer_state, 'unknown')

          - name: gold.top_categories
            kind: materialized_view
            sql: |
              SELECT category, count(DISTINCT order_id) AS orders, count(*) AS items,
                     sum(price) AS revenue, round(avg(price), 2) AS avg_price
              FROM silver.sales
              WHERE status <> 'canceled' AND category IS NOT NULL
              GROUP BY category

          - name: gold.customer_lifetime_value
            kind: materialized_view
            sql: |
              WITH orders AS (
                SELECT DISTINCT order_id, customer_id, customer_state, order_date
                FROM silver.sales WHERE status <> 'canceled' AND customer_state IS NOT NULL),
              paid AS (
                SELECT order_id, sum(payment_value) AS paid FROM silver.payments GROUP BY order_id)
              SELECT o.customer_id, max(o.customer_state) AS state, count(*) AS orders,
                     sum(coalesce(p.paid, 0)) AS lifetime_value,
                     min(o.order_date) AS first_order, max(o.order_date) AS last_order
              FROM orders o LEFT JOIN paid p ON p.order_id = o.order_id
              GROUP BY o.customer_id

        """
}
