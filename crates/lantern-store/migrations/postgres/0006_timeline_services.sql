-- A timeline entry about one service (a missed visit, a call a coordinator of that service
-- logged) is shown only to those who may see that service; NULL is about the whole disruption.
-- Entries Lantern wrote for missed visits before this column existed are given their visit's
-- service: the append-only trigger is lifted for this one backfill and put back.

ALTER TABLE timeline_entries ADD COLUMN service_id BIGINT REFERENCES services(id);

DROP TRIGGER timeline_entries_unchanged ON timeline_entries;
UPDATE timeline_entries SET service_id = (
    SELECT v.scope_service_id FROM visit_statuses s JOIN visits v ON v.id = s.visit_id
    WHERE s.disruption_id = timeline_entries.disruption_id AND s.at = timeline_entries.recorded_at
      AND s.status = 'missed'
    ORDER BY s.id LIMIT 1
) WHERE kind = 'event' AND text LIKE 'Visit to %';
CREATE TRIGGER timeline_entries_unchanged BEFORE UPDATE ON timeline_entries
    FOR EACH ROW EXECUTE FUNCTION lantern_refuse_change('timeline entries cannot be changed: add a correction');
