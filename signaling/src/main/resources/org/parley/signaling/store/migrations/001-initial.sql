-- Schema version 1: meetings, booths, invitations, revocations, the participation log, settings.

CREATE TABLE settings (
    name  VARCHAR(64) PRIMARY KEY,
    setting_value VARCHAR(1024) NOT NULL
);

CREATE TABLE meetings (
    id             VARCHAR(64) PRIMARY KEY,
    title          VARCHAR(200) NOT NULL,
    starts_at      TIMESTAMP WITH TIME ZONE,
    ends_at        TIMESTAMP WITH TIME ZONE,
    languages      VARCHAR(1024) NOT NULL,   -- ISO 639-1 codes, comma separated, in the organizer's order
    floor_language VARCHAR(8) NOT NULL,
    tier_policy    VARCHAR(128) NOT NULL,    -- tier names, comma separated
    is_open        BOOLEAN NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at       TIMESTAMP WITH TIME ZONE
);

CREATE TABLE booths (
    meeting_id   VARCHAR(64) NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    language     VARCHAR(8) NOT NULL,
    relay_source VARCHAR(8) NOT NULL,        -- 'floor' or the language of another booth
    position     INT NOT NULL,
    PRIMARY KEY (meeting_id, language)
);

CREATE TABLE invitations (
    id         VARCHAR(64) PRIMARY KEY,
    meeting_id VARCHAR(64) NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    role       VARCHAR(16) NOT NULL,
    booth      VARCHAR(8),
    name       VARCHAR(64),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE revocations (
    invitation_id VARCHAR(64) PRIMARY KEY REFERENCES invitations (id) ON DELETE CASCADE,
    revoked_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- No foreign key to meetings: configured meetings (e.g. demo) are logged too.
CREATE TABLE participation (
    id            VARCHAR(64) PRIMARY KEY,   -- the participant id
    meeting_id    VARCHAR(64) NOT NULL,
    invitation_id VARCHAR(64),
    role          VARCHAR(16) NOT NULL,
    name          VARCHAR(64) NOT NULL,
    joined_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    left_at       TIMESTAMP WITH TIME ZONE
);

CREATE INDEX participation_by_meeting ON participation (meeting_id, joined_at);

CREATE TABLE channel_time (
    participation_id VARCHAR(64) NOT NULL REFERENCES participation (id) ON DELETE CASCADE,
    channel          VARCHAR(200) NOT NULL,
    millis           BIGINT NOT NULL,
    PRIMARY KEY (participation_id, channel)
);
