-- Backups under client authentication JWT (issue 6): a slot created by an authenticated client is bound to it.
-- owner_id = the record id of the token's subject (HMAC in the HSM, as vault_record.id): the subject itself is never
-- stored. NULL = created without an identity token (clientAuth OPEN); such a slot is bound to nobody.
ALTER TABLE backup_slot ADD COLUMN owner_id VARCHAR(43);
