-- The provider's answer to "does this stop or threaten safe care?", asked at declaration and
-- again on the disruption page: 'threatened' means CQC must be told without delay
-- (regulation 18(2)(g)). NULL for disruptions declared before Lantern asked.
ALTER TABLE disruptions ADD COLUMN safe_care TEXT;
ALTER TABLE disruptions ADD COLUMN safe_care_at TEXT;
ALTER TABLE disruptions ADD COLUMN safe_care_by TEXT;

-- The checklist line Lantern suggested before misstated the law (a 24-hour rule for care
-- systems); where an organisation's plan still has it word for word, it becomes the line
-- Lantern now suggests. Plans worded by the organisation are left as they are.
UPDATE scenario_plans SET steps = REPLACE(steps,
    'If care systems are down for 24 hours or more, notify CQC (regulation 18)',
    'If this stops or threatens safe care, notify CQC without delay (regulation 18(2)(g)); also after 24 hours without power, gas, water or sewerage, or with nurse call, fire alarms or other safety equipment failed');
