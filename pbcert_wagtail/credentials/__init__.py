"""Signed credentials (Open Badges 3.0 / Verifiable Credentials 2.0): the pinned JSON-LD
contexts and an offline loader, Multikey encoding, the eddsa-rdfc-2022 Data Integrity
proof, the issuer's keys, the revocation status list and the verifier's checks."""
