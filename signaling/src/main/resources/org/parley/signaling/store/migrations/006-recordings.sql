-- Schema version 6: recordings per language (one row per recording, one per channel file).
--
-- One row per recording of a meeting (chair, operator or API started it), and one per language file in
-- it once the file is closed. No foreign key to meetings: a recording outlives its meeting's deletion
-- until the retention sweep removes it. A recording a crash interrupted has no stopped_at until the
-- next start completes it from its files.

CREATE TABLE recordings (
    id          VARCHAR(64) PRIMARY KEY,
    meeting_id  VARCHAR(64) NOT NULL,
    directory   VARCHAR(4000) NOT NULL,   -- absolute path of the recording's directory
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    stopped_at  TIMESTAMP WITH TIME ZONE,
    started_by  VARCHAR(200)              -- who started it, for the record: a role and name, or the API caller
);

CREATE INDEX recordings_by_meeting ON recordings (meeting_id, started_at);

CREATE INDEX recordings_by_time ON recordings (started_at);

CREATE TABLE recording_files (
    recording_id    VARCHAR(64) NOT NULL REFERENCES recordings (id) ON DELETE CASCADE,
    language        VARCHAR(16) NOT NULL,  -- a language code, or 'floor'
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_millis BIGINT NOT NULL,
    bytes           BIGINT NOT NULL,
    PRIMARY KEY (recording_id, language)
);
