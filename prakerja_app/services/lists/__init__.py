"""The exclusion list and the ministry's priority list, replaced by CSV uploads.

Use cases:

- `uploads.receive`: an uploaded file is checked for its header and stored (privately),
  and its dry run is queued;
- `uploads.check` (the job): every line is read, staged in batches (`staging`) and
  compared with the list in SQL: what would be added, removed, left unchanged, and the
  invalid lines with their line numbers (`diff`);
- `uploads.apply` (the job, after `uploads.request_apply`): the list becomes the file's
  content in one transaction, audited, refused if the list changed since the dry run;
- `uploads.discard`: the upload is dropped with its file and staged lines.

The entries the system writes itself (the blacklist of revoked participants) are not
part of the uploaded exclusion list: an upload never removes them.
"""
