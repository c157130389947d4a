import { Migration } from '@mikro-orm/migrations';

/**
 * `glob_match(s, segments)`: whether `s` matches a glob whose only wildcard is `*`, given as the
 * glob split at its stars (`string_to_array(glob, '*')`). The first segment must start `s`, the
 * last must end it, and the middle ones must follow in order, each found at its leftmost place
 * after the one before; for globs with `*` alone that greedy placement finds a match whenever
 * there is one. Each segment is looked up once, so the cost grows with the length of `s` times
 * the number of segments, where `LIKE` with several `%` may try a segment at every position the
 * previous one could end. Same answers as `s LIKE <glob with * as %, the rest escaped>`.
 */
export class Migration20261206150000_globMatch extends Migration {
  override up(): void {
    this.addSql(`create function glob_match(s text, segments text[]) returns boolean
      language plpgsql immutable strict parallel safe as $$
      declare
        n int := cardinality(segments);
        head text := segments[1];
        tail text := segments[n];
        pos int;
        stop int;
        found int;
      begin
        -- string_to_array('', '*') is an empty array: the empty glob matches the empty string.
        if n = 0 then return s = ''; end if;
        if n = 1 then return s = head; end if;
        if length(s) < length(head) + length(tail) or left(s, length(head)) <> head or right(s, length(tail)) <> tail then
          return false;
        end if;
        -- Middle segments lie in s[pos .. stop], between the head and the tail.
        pos := length(head) + 1;
        stop := length(s) - length(tail);
        for i in 2 .. n - 1 loop
          if segments[i] <> '' then
            found := strpos(substr(s, pos, stop - pos + 1), segments[i]);
            if found = 0 then return false; end if;
            pos := pos + found - 1 + length(segments[i]);
          end if;
        end loop;
        return true;
      end $$;`);
  }

  override down(): void {
    this.addSql(`drop function glob_match(text, text[]);`);
  }
}
