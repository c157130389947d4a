/** The dedup keys of a batch: only the returned (new) ids go on to `events`. */
export const INSERT_IDS_SQL = `insert into event_ids (project_id, event_id)
  select * from unnest($1::uuid[], $2::uuid[])
  on conflict do nothing
  returning project_id, event_id`;
