"""The staff console: the centre's day (dashboard), planning, the session desk, interviews and outcomes,
follow-up, employer verification, the plan and the reports.

Signed-in centre staff only (accounts.permissions.is_staff_user): anonymous visitors are sent to sign in, other
roles get 403. Pages are thin: every change goes through a service, and a refusal by a business rule
(BusinessRuleError) or a service's ValidationError is shown next to the action, never as a 500.
"""
