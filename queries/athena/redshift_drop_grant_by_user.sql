-- name: Redshift DROP and GRANT statements by user
-- description: DROP, GRANT and REVOKE statements from the Redshift user activity log, counted
-- per cluster, database and user, with the latest statement text. Change the dt range.
SELECT
  cluster_id,
  dbname,
  username,
  upper(regexp_extract(query, '^\s*(\w+)', 1)) AS statement,
  COUNT(*) AS statements,
  MAX(event_time) AS last_seen,
  max_by(query, event_time) AS last_query
FROM redshift_useractivitylog
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND regexp_like(query, '(?i)^\s*(drop|grant|revoke)\s')
GROUP BY 1, 2, 3, 4
ORDER BY statements DESC
