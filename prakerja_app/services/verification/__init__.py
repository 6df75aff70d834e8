"""The verification queue: applicants whose data raises a flag, for a verifier to decide.

Use cases:

- `evidence.record_origin` (at registration): the account's client, as a keyed hash;
- `evidence.record_fingerprint` (when a photo is stored): its perceptual hash and bands;
- `flags.detect` (at "Kirim data", for that applicant; and `flags.sweep`, the job, for
  everyone): the same photo under different NIKs, a phone or family card shared beyond
  its cap, many accounts from one client, a registry status other than "ok"/"offline".
  Each new signal is a `VerificationFlag` on the applicant's open case (opened if none);
- `decisions.approve` / `decisions.reject` (the verifier, audited): only while the case
  is open; a rejection carries a reason the applicant reads, and keeps them out of the
  draw (`selection.draw`). An open case does not.
"""
