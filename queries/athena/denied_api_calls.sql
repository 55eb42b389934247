-- name: Denied API calls by principal
-- description: Unauthorized and access-denied API calls (CIS 4.1) counted per principal,
-- service and action, with the first and last attempt. Change the dt range.
SELECT
  user_identity.arn AS principal_arn,
  user_identity.type AS principal_type,
  event_source,
  event_name,
  error_code,
  COUNT(*) AS denied_calls,
  COUNT(DISTINCT source_ip_address) AS source_addresses,
  MIN(event_time) AS first_seen,
  MAX(event_time) AS last_seen
FROM cloudtrail
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND (
    error_code IN ('AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation')
    OR error_code LIKE '%UnauthorizedOperation'
    OR error_code LIKE '%AccessDenied%'
  )
GROUP BY 1, 2, 3, 4, 5
ORDER BY denied_calls DESC
LIMIT 200
