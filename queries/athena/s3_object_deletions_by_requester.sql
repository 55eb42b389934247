-- name: S3 object deletions by requester
-- description: Objects deleted, per bucket, requester and operation, from the S3 server
-- access logs: single deletes (REST.DELETE.OBJECT) and multi-object deletes, which S3 logs as
-- one BATCH.DELETE.OBJECT line per key under the DeleteObjects request's id (the
-- REST.POST.MULTI_OBJECT_DELETE line itself deletes nothing and is not counted). requests
-- counts API calls, objects_deleted and refused count keys. Lifecycle expirations are S3
-- applying the bucket's rules, not a requester's deletions, and are left out. Change the dt
-- range; replace '%' with a bucket name to follow one bucket.
SELECT
  bucket,
  requester,
  operation,
  COUNT(DISTINCT request_id) AS requests,
  SUM(CASE WHEN http_status < 400 THEN 1 ELSE 0 END) AS objects_deleted,
  SUM(CASE WHEN http_status >= 400 THEN 1 ELSE 0 END) AS refused,
  MIN(event_time) AS first_seen,
  MAX(event_time) AS last_seen
FROM s3access
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND bucket LIKE '%'
  AND operation IN ('REST.DELETE.OBJECT', 'BATCH.DELETE.OBJECT')
GROUP BY bucket, requester, operation
ORDER BY objects_deleted DESC, refused DESC, bucket, requester, operation
