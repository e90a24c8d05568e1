-- Schema version 7: whether a meeting's language channels are webcast over HLS. Meetings stored before it
-- have no webcast, the default of meetings created through the API.

ALTER TABLE meetings ADD COLUMN webcast BOOLEAN DEFAULT FALSE NOT NULL;
