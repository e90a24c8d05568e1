-- Schema version 5: whether a meeting admits anonymous observers (listen-only joins without a token).
-- Meetings stored before it do not (an open one admits them anyway, as it admits anonymous delegates).

ALTER TABLE meetings ADD COLUMN anonymous_observers BOOLEAN DEFAULT FALSE NOT NULL;
