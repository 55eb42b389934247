-- name: Root account activity
-- description: Every API call and sign-in made with an account's root user (CIS 4.3), newest
-- first, excluding AWS services acting for the root. Change the dt range.
SELECT
  event_time,
  account_id,
  region,
  event_source,
  event_name,
  source_ip_address,
  user_agent,
  error_code
FROM cloudtrail
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND user_identity.type = 'Root'
  AND user_identity.invoked_by IS NULL
  AND event_type <> 'AwsServiceEvent'
ORDER BY event_time DESC
