-- Schema version 8: final captions (issue 13), for late exports (WebVTT, SRT, transcript) per language.
--
-- One row per final segment; partials are transient and never stored. Times are milliseconds on the
-- meeting's clock, whose wall-clock origin each row keeps: a server restart starts a new clock, and an
-- export puts every row on the earliest origin. No foreign key to meetings, like the statistics: the
-- captions are the record of what was said and outlive the meeting's deletion.

CREATE TABLE captions (
    meeting_id   VARCHAR(64) NOT NULL,
    segment_id   VARCHAR(64) NOT NULL,
    language     VARCHAR(16) NOT NULL,
    source       VARCHAR(16) NOT NULL,   -- captioner or asr
    clock_origin TIMESTAMP WITH TIME ZONE NOT NULL,
    start_ms     BIGINT NOT NULL,
    end_ms       BIGINT NOT NULL,
    text         VARCHAR(1000) NOT NULL,
    PRIMARY KEY (meeting_id, segment_id)
);

CREATE INDEX captions_by_language ON captions (meeting_id, language, clock_origin, start_ms);
