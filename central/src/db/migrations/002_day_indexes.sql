-- Version 2: the per-day read models (stats, ratings) look up one business date's tickets, not every event
-- from that date onward. A ticket's events are found by the ticket's own business date (a ticket of day D
-- may be closed on the next business date, or rated days later), and its ratings and 差评 cases by its id.
CREATE INDEX uplink_event_ticket_day ON uplink_event (hall_id, ((data -> 'ticket' ->> 'businessDate'))) WHERE data ? 'ticket';
CREATE INDEX uplink_event_ticket ON uplink_event (hall_id, ticket_id) WHERE ticket_id IS NOT NULL;
