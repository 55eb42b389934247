-- name: S3 object deletions by requester
-- description: Object deletions (single and multi-object) in the server access logs of the given
-- buckets, per requester and operation. bucket is an injected partition key: list your buckets
-- in the IN clause (Athena refuses the query without it). Change the dt range.
SELECT
  bucket,
  requester,
  operation,
  COUNT(*) AS requests,
  COUNT(DISTINCT key) AS objects,
  SUM(CASE WHEN http_status >= 400 THEN 1 ELSE 0 END) AS failed,
  MIN(event_time) AS first_seen,
  MAX(event_time) AS last_seen
FROM s3access
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND bucket IN ('invoices-prod')
  AND operation IN ('REST.DELETE.OBJECT', 'REST.POST.MULTI_OBJECT_DELETE', 'S3.EXPIRE.OBJECT')
GROUP BY bucket, requester, operation
ORDER BY requests DESC
