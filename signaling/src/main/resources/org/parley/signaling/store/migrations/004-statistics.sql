-- Schema version 4: the e-participation statistics, and the optional country and organisation of an
-- invitation, copied into the statistics at each join.
--
-- The stat_ tables are append-only: rows are added at joins and completed by heartbeats and leaves, never
-- deleted. They have no foreign key to meetings or invitations, so deleting a meeting leaves them whole.
-- A meeting's owner is copied too: its organiser still reads the statistics once the meeting is deleted.

ALTER TABLE invitations ADD COLUMN country CHAR(2);           -- ISO 3166-1 alpha-2, upper case
ALTER TABLE invitations ADD COLUMN organisation VARCHAR(200);

CREATE TABLE stat_meetings (
    meeting_id        VARCHAR(64) PRIMARY KEY,
    title             VARCHAR(200) NOT NULL,  -- the title at the latest join
    webcast_listeners INT,                    -- the webcast's listeners; null until the webcast exists and fills it
    -- The meeting's owner at the latest join; null: created with the admin key, or the account was deleted
    -- (then, as for meetings, only the admin key and operators read them).
    owner             VARCHAR(64),
    CONSTRAINT stat_meetings_owner FOREIGN KEY (owner) REFERENCES accounts (name) ON DELETE SET NULL
);

CREATE TABLE stat_participations (
    id                 VARCHAR(64) PRIMARY KEY,  -- the participant id of one stay
    meeting_id         VARCHAR(64) NOT NULL,
    invitation_id      VARCHAR(64),              -- null for an anonymous join of an open meeting
    role               VARCHAR(16) NOT NULL,
    access             VARCHAR(16) NOT NULL,     -- 'browser', 'sip' or 'observer'
    country            CHAR(2),
    organisation       VARCHAR(200),
    joined_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    alive_at           TIMESTAMP WITH TIME ZONE NOT NULL,  -- the last heartbeat (the join's time before the first)
    left_at            TIMESTAMP WITH TIME ZONE,
    leave_reason       VARCHAR(16),
    quality_samples    INT DEFAULT 0 NOT NULL,
    mean_loss_percent  DOUBLE PRECISION,
    worst_loss_percent DOUBLE PRECISION,
    mean_jitter_millis DOUBLE PRECISION,
    worst_jitter_millis DOUBLE PRECISION,
    mean_rtt_millis    DOUBLE PRECISION,
    worst_rtt_millis   DOUBLE PRECISION,
    mean_mos           DOUBLE PRECISION,
    min_mos            DOUBLE PRECISION
);

CREATE INDEX stat_participations_by_time ON stat_participations (joined_at);

CREATE INDEX stat_participations_by_meeting ON stat_participations (meeting_id, joined_at);

CREATE TABLE stat_channel_time (
    participation_id VARCHAR(64) NOT NULL REFERENCES stat_participations (id),
    channel          VARCHAR(16) NOT NULL,  -- a language code, or 'floor'
    millis           BIGINT NOT NULL,
    PRIMARY KEY (participation_id, channel)
);
