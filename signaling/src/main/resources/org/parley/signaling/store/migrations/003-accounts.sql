-- Schema version 3: organiser and operator accounts, the owner of each meeting, and an invitee's e-mail
-- address and language (what the organiser page writes into the invitation it e-mails).

CREATE TABLE accounts (
    name          VARCHAR(64) PRIMARY KEY,   -- the login name, lower case
    role          VARCHAR(16) NOT NULL,      -- 'organiser' or 'operator'
    password_hash VARCHAR(256) NOT NULL,     -- Argon2id in the PHC string format, parameters included
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Null: created with the admin key, or its organiser's account was deleted (then only the admin key and
-- operators see it).
ALTER TABLE meetings ADD COLUMN owner VARCHAR(64);
ALTER TABLE meetings ADD CONSTRAINT meetings_owner FOREIGN KEY (owner) REFERENCES accounts (name) ON DELETE SET NULL;

ALTER TABLE invitations ADD COLUMN email VARCHAR(254);
ALTER TABLE invitations ADD COLUMN language VARCHAR(8);
