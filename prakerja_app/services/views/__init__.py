"""Read models for the pages: what each page shows, in the words it shows it.

Nothing here changes data. `messages` turns every refusal code into its sentence;
`dashboard`, `catalogue`, `registration`, `reports`, `mailbox` and `dev_platform` gather
what their pages show.
"""
