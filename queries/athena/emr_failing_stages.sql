-- name: EMR Spark stages that fail most often
-- description: Spark stages with the most ERROR/FATAL log events on the given clusters, with the
-- exception classes seen and the first and last failure. cluster_id is an injected partition
--   key: list your cluster ids in the IN clause (Athena refuses the query without it). Change
-- the dt range.
SELECT
  cluster_id,
  stage_id,
  COUNT(*) AS error_events,
  COUNT(DISTINCT task_id) AS failed_tasks,
  array_join(array_agg(DISTINCT exception_class), ', ') AS exception_classes,
  MIN(event_time) AS first_seen,
  MAX(event_time) AS last_seen
FROM emr_logs
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND cluster_id IN ('j-2AB3CD4EF5GH6')
  AND level IN ('ERROR', 'FATAL')
  AND stage_id IS NOT NULL
GROUP BY cluster_id, stage_id
ORDER BY error_events DESC
LIMIT 50
