-- Schema version 2: a meeting's floor control, 'open' or 'chaired'. Meetings stored before it are chaired,
-- the default of meetings created through the API.

ALTER TABLE meetings ADD COLUMN floor_control VARCHAR(16) DEFAULT 'chaired' NOT NULL;
