-- The writer's one-round-trip batch (docs/architecture.md, "Round trips"): the writer sends its decisions together with
-- the versions it decided from, and this function fails the whole transaction when the store no longer has them, so a
-- batch decided from a stale copy can never commit. The code is serialization_failure: the writer decides again.
CREATE FUNCTION bosun_expect(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION 'the writer''s copy of % is out of date', what USING ERRCODE = 'serialization_failure';
  END IF;
END
$$;
