-- name: Application error bursts
-- description: Error codes with ten or more ERROR or FATAL records on a day in the billing
--   service's log (declared format legacy_app), with how many carried a stack trace and when
--   the burst began and ended. Change the dt range to the days to check.
SELECT
  error_code,
  count(*) AS errors,
  sum(CASE WHEN stack_trace IS NOT NULL THEN 1 ELSE 0 END) AS with_stack_trace,
  min(event_time) AS first_seen,
  max(event_time) AS last_seen,
  min(component) AS component
FROM legacy_app
WHERE dt BETWEEN '2025-06-01' AND '2025-06-02'
  AND severity IN ('ERROR', 'FATAL')
  AND error_code IS NOT NULL
GROUP BY error_code
HAVING count(*) >= 10
ORDER BY errors DESC, error_code
