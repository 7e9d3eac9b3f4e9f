-- One heartbeat of the player in one statement, on PostgreSQL: sign-in by token (or the signed-in
-- user's id), read the playback and its lecture progress, credit, write on the condition that the
-- playback is still as read, and answer. The app calls it as `SELECT ... FROM jxjy_heartbeat_v1(...)`
-- (`heartbeat_store.heartbeat`), which commits on its own.
--
-- Why: the heartbeat is the platform's hottest call, and each database round trip cost a
-- gunicorn worker, the database and the kernel more than all of the crediting's own work; the
-- Python path (`heartbeat_store.read` + `write`) needs two. This function needs one.
--
-- The rules are the pure core's (`jxjy/learning/progress.py`, `services._heartbeat`) and nothing
-- else: every number that is a rule comes in as a parameter (the token's idle cut-off and touch
-- time, the player's clock tolerance, the fresh presence check's id), the plan's numbers are the
-- playback's own columns, and the clock is the app's (`p_now`). A test drives both this and the
-- Python path with the same random heartbeats and requires the same answers and stored rows
-- (`tests/test_heartbeat_function.py`).
--
-- Whatever is not the usual case is handed back, unwritten, as outcome 'fallback': no such
-- playback (or not this user's), a token that is unknown, lapsed or whose user is deactivated,
-- a playback no longer active, make-up study closed, a stored watched set not in normal form.
-- The app then takes its Python path, which answers each of those with its own error or rule.
--
-- Changing it: never edit a version that a migration has installed; copy it to the next version,
-- install that in a new migration and point `heartbeat_store.FUNCTION` at it.

CREATE OR REPLACE FUNCTION jxjy_heartbeat_v1(
    p_playback bigint,          -- the playback's id
    p_user bigint,              -- the signed-in user's id, or NULL with p_digest
    p_digest text,              -- the bearer token's SHA-256 digest, or NULL with p_user
    p_token_cutoff timestamptz, -- a token last used before this has lapsed
    p_token_touch timestamptz,  -- a token last used before this has its last use touched
    p_seq bigint,
    p_position bigint,          -- ms, as reported (clamped here)
    p_rate double precision,
    p_now timestamptz,          -- the app's clock
    p_today date,               -- the app's date (make-up deadlines)
    p_jitter bigint,            -- progress.JITTER_MS
    p_presence_id text          -- the id of a presence check, should one fall due now
) RETURNS TABLE (
    outcome text,               -- 'ok' or 'fallback'
    credited bigint,            -- ms this heartbeat added
    watched bigint,             -- ms of the lecture watched
    duration bigint,            -- ms
    completed boolean,
    just_completed boolean,
    presence_id text,           -- the pending presence check, or NULL
    enrolment_id bigint
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    pb record;
    v_try int := 0;
    v_now timestamptz;
    v_elapsed bigint;
    v_position bigint;
    v_reach bigint;
    v_anchor bigint;
    v_credit bigint;
    v_prev_end bigint;
    v_a bigint;
    v_b bigint;
    v_start bigint;
    v_end bigint;
    v_before jsonb;
    v_after jsonb;
    v_intervals jsonb;
    v_watched bigint;
    v_completed_at timestamptz;
    v_presence_id text;
    v_pending boolean;
    v_due timestamptz;
    v_done boolean;
    v_overlap bigint;
    v_kept bigint;
    v_merged_start bigint;
    v_merged_end bigint;
BEGIN
    -- Read, credit, and write on one condition: the playback still holds what was read (the
    -- Python path's compare-and-set, `heartbeat_store.write`); a heartbeat that lost the race
    -- reads again and is judged against the winner. No row locks on the way: locking a row
    -- writes it (and logs it) once more. After three lost races it reads under the row lock.
    LOOP
        v_try := v_try + 1;
        IF v_try > 3 THEN  -- from now on nobody else can change the playback until this commits
            PERFORM 1 FROM learning_playback WHERE id = p_playback FOR UPDATE;
        END IF;
        IF p_digest IS NOT NULL THEN
            -- An API token of the learner's, or the playback's own player key (no token row).
            SELECT p.*, g.intervals, g.watched_ms, g.completed_at, t.id AS token_id, t.last_used_at AS token_used,
                   u.is_active AS user_active INTO pb
              FROM learning_playback p
              JOIN learning_lectureprogress g ON g.id = p.progress_id
              JOIN accounts_learner l ON l.id = p.learner_id
              JOIN accounts_user u ON u.id = l.user_id
              LEFT JOIN accounts_apitoken t ON t.user_id = u.id AND t.digest = p_digest
             WHERE p.id = p_playback AND (t.id IS NOT NULL OR p.player_digest = p_digest);
        ELSE
            SELECT p.*, g.intervals, g.watched_ms, g.completed_at, NULL::bigint AS token_id,
                   NULL::timestamptz AS token_used, true AS user_active INTO pb
              FROM learning_playback p
              JOIN learning_lectureprogress g ON g.id = p.progress_id
              JOIN accounts_learner l ON l.id = p.learner_id
             WHERE p.id = p_playback AND l.user_id = p_user;
        END IF;
        IF NOT FOUND THEN
            outcome := 'fallback';
            RETURN NEXT;
            RETURN;
        END IF;
        IF NOT pb.user_active OR pb.token_used < p_token_cutoff OR pb.status <> 'ACTIVE'
           -- a player key lapses as a token does: idle (no heartbeat) since the cut-off
           OR (p_digest IS NOT NULL AND pb.token_id IS NULL AND pb.last_heartbeat_at < p_token_cutoff)
           OR (pb.open_until IS NOT NULL AND p_today > pb.open_until) THEN
            outcome := 'fallback';
            RETURN NEXT;
            RETURN;
        END IF;
        v_pending := pb.presence_pending;
        v_presence_id := CASE WHEN pb.presence_pending THEN pb.presence_id END;
        -- Never before the last accepted heartbeat (the app's clock was read before this row).
        v_now := greatest(p_now, pb.last_heartbeat_at);
        v_elapsed := floor(extract(epoch FROM (v_now - pb.last_heartbeat_at)) * 1000)::bigint;
        v_position := least(greatest(p_position, 0), pb.duration_ms);
        v_anchor := v_position;
        v_credit := 0;
        v_start := pb.last_position_ms;
        v_end := v_start;  -- nothing to credit unless the rules below reach further
        IF p_seq > pb.last_seq
           AND NOT (pb.presence_pending OR v_elapsed <= 0 OR v_position <= pb.last_position_ms) THEN
            v_reach := least(v_position, pb.last_position_ms + floor(v_elapsed * pb.rate_cap)::bigint);
            v_end := v_reach;
            v_anchor := CASE WHEN v_position - v_reach <= p_jitter THEN v_reach ELSE v_position END;
        END IF;
        -- One pass over the stored watched set: it must be in normal form (sorted, disjoint, not
        -- touching, no empty stretch), as the core writes it, or the Python path mends it; and
        -- [start, end) is added as progress.add_interval does: credited is what the set lacks of
        -- it (the set is disjoint: its length less the overlaps), and the stretches it overlaps
        -- or touches merge with it, the others stay before or after it.
        v_prev_end := NULL;
        v_overlap := 0;
        v_kept := 0;
        v_before := '[]'::jsonb;
        v_after := '[]'::jsonb;
        v_merged_start := v_start;
        v_merged_end := v_end;
        FOR v_a, v_b IN SELECT (e->>0)::bigint, (e->>1)::bigint FROM jsonb_array_elements(pb.intervals) e LOOP
            IF v_b <= v_a OR (v_prev_end IS NOT NULL AND v_a <= v_prev_end) THEN
                outcome := 'fallback';
                RETURN NEXT;
                RETURN;
            END IF;
            v_prev_end := v_b;
            IF v_end > v_start THEN
                v_overlap := v_overlap + greatest(0, least(v_b, v_end) - greatest(v_a, v_start));
                IF v_b < v_start THEN
                    v_before := v_before || jsonb_build_array(jsonb_build_array(v_a, v_b));
                    v_kept := v_kept + (v_b - v_a);
                ELSIF v_a > v_end THEN
                    v_after := v_after || jsonb_build_array(jsonb_build_array(v_a, v_b));
                    v_kept := v_kept + (v_b - v_a);
                ELSE
                    v_merged_start := least(v_merged_start, v_a);
                    v_merged_end := greatest(v_merged_end, v_b);
                END IF;
            END IF;
        END LOOP;
        IF p_seq <= pb.last_seq THEN  -- a replay, or out of order: the state as it is
            IF pb.token_id IS NOT NULL AND pb.token_used < p_token_touch THEN
                UPDATE accounts_apitoken SET last_used_at = p_now WHERE id = pb.token_id;
            END IF;
            outcome := 'ok';
            credited := 0;
            watched := pb.watched_ms;
            duration := pb.duration_ms;
            completed := pb.completed_at IS NOT NULL;
            just_completed := false;
            presence_id := v_presence_id;
            enrolment_id := pb.enrolment_id;
            RETURN NEXT;
            RETURN;
        END IF;
        IF v_end > v_start THEN
            v_credit := (v_end - v_start) - v_overlap;
        END IF;
        IF v_credit > 0 THEN
            v_intervals := v_before || jsonb_build_array(jsonb_build_array(v_merged_start, v_merged_end)) || v_after;
            v_watched := v_kept + (v_merged_end - v_merged_start);
        END IF;

        v_due := pb.presence_due_at;
        IF v_presence_id IS NULL AND pb.presence_due_at IS NOT NULL AND v_now >= pb.presence_due_at THEN
            v_presence_id := p_presence_id;
            v_pending := true;
            v_due := NULL;
        END IF;
        UPDATE learning_playback
           SET last_seq = p_seq, last_position_ms = v_anchor, last_heartbeat_at = v_now, last_rate = p_rate,
               heartbeats = pb.heartbeats + 1, credited_ms = pb.credited_ms + v_credit, presence_pending = v_pending,
               presence_id = CASE WHEN v_pending THEN v_presence_id ELSE pb.presence_id END, presence_due_at = v_due
         WHERE id = pb.id AND status = 'ACTIVE' AND last_seq = pb.last_seq AND last_position_ms = pb.last_position_ms
           AND last_heartbeat_at = pb.last_heartbeat_at AND heartbeats = pb.heartbeats
           AND credited_ms = pb.credited_ms AND presence_pending = pb.presence_pending
           AND presence_id = pb.presence_id AND presence_due_at IS NOT DISTINCT FROM pb.presence_due_at;
        EXIT WHEN FOUND;
    END LOOP;

    IF pb.token_id IS NOT NULL AND pb.token_used < p_token_touch THEN
        UPDATE accounts_apitoken SET last_used_at = p_now WHERE id = pb.token_id;
    END IF;
    v_completed_at := pb.completed_at;
    v_done := false;
    IF v_credit > 0 THEN
        -- The lecture progress needs no condition of its own: it is written only here (and by the
        -- Python path) together with its active playback's row, whose condition covers it.
        IF v_completed_at IS NULL AND pb.duration_ms > 0
           AND v_watched >= ceil(pb.duration_ms * pb.completion_share)::bigint THEN
            v_completed_at := v_now;
            v_done := true;
        END IF;
        UPDATE learning_lectureprogress
           SET intervals = v_intervals, watched_ms = v_watched, updated_at = v_now, completed_at = v_completed_at
         WHERE id = pb.progress_id;
    ELSE
        v_watched := pb.watched_ms;
    END IF;
    outcome := 'ok';
    credited := v_credit;
    watched := v_watched;
    duration := pb.duration_ms;
    completed := v_completed_at IS NOT NULL;
    just_completed := v_done;
    presence_id := v_presence_id;
    enrolment_id := pb.enrolment_id;
    RETURN NEXT;
END;
$$;
