"""Registration: an applicant's eight steps, from an account to joining a wave.

Use cases, in the order the applicant meets them (`steps.Step`):
1-2. create an applicant account, confirm the email, resend the link (`account`);
3.   log in for the first time (`steps.record_login`; logging in is `accounts.sessions`);
4.   the NIK, family card number and birth date, checked against each other (`identity`,
     with `nik` for the number's structure and `eligibility` for who may join);
5.   personal data, the KTP photo and the selfie, then submission (`personal_data`,
     `photos`, `regions` with the 2020 provinces and regencies in ``data/``);
6.   the mobile number, proven with an SMS code (`phone_verification`);
7.   the timed motivation test (`motivation_test`);
8.   joining an open wave: `selection.waves.join`.

For the program office: the whole NIK or the photos shown to an admin, with a reason
that the audit log keeps (`disclosure`).

Each step's service first checks that it is the applicant's current step
(`steps.require_step`). Refusals are `errors.RegistrationError` codes.
"""
