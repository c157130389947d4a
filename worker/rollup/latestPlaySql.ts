/**
 * The visitor's latest non-bot play that started at or before `at`, which a conversion is
 * attributed to (and counts only if it started at most the window before). $1 is the project id.
 */
export const latestPlay = (visitor: string, at: string) => `(select p.first_at, p.play_id, p.video_id, p.slot_id from plays p
    where p.project_id = $1::uuid and p.visitor_id = ${visitor} and not p.is_bot and p.first_at <= ${at}
    order by p.first_at desc, p.play_id desc limit 1)`;
