-- name: Security group changes
-- description: Security groups created, deleted or with rules added, changed or revoked
-- (CIS 4.10), with the group, the caller and whether the call succeeded. Change the dt range.
SELECT
  event_time,
  account_id,
  region,
  event_name,
  COALESCE(
    json_extract_scalar(request_parameters, '$.groupId'),
    json_extract_scalar(response_elements, '$.groupId')
  ) AS group_id,
  json_extract_scalar(request_parameters, '$.groupName') AS group_name,
  user_identity.arn AS principal_arn,
  source_ip_address,
  error_code
FROM cloudtrail
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND event_source = 'ec2.amazonaws.com'
  AND event_name IN (
    'CreateSecurityGroup', 'DeleteSecurityGroup', 'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress',
    'ModifySecurityGroupRules'
  )
ORDER BY event_time DESC
