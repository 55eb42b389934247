-- name: Console sign-ins without MFA
-- description: Successful AWS console sign-ins by IAM users and root that did not use MFA
-- (CIS 4.2). Federated (SSO) sign-ins are excluded: the identity provider enforces MFA.
-- Change the dt range.
SELECT
  event_time,
  account_id,
  user_identity.type AS principal_type,
  user_identity.arn AS principal_arn,
  source_ip_address,
  user_agent
FROM cloudtrail
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND event_name = 'ConsoleLogin'
  AND json_extract_scalar(response_elements, '$.ConsoleLogin') = 'Success'
  AND json_extract_scalar(additional_event_data, '$.MFAUsed') = 'No'
  AND user_identity.type IN ('IAMUser', 'Root')
ORDER BY event_time DESC
