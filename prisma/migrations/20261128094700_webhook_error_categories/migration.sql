-- Delivery errors are now a fixed set of categories. Earlier rows held raw socket errors that
-- told a closed port from an open one. Keep the status code, fold the rest into one category.
UPDATE "marketplace_webhook_deliveries"
SET "last_error" = CASE
    WHEN "last_error" ~ '^HTTP [0-9]{3}$' THEN 'http_' || substr("last_error", 6)
    ELSE 'connection_failed'
  END
WHERE "last_error" !~ '^(http_[0-9]{3}|connection_failed|tls_failed|timeout|dns_failed|address_not_allowed|url_not_allowed|delivery_error)$';
