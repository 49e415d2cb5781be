

def test_days_from_bgl_reads_as_words_in_the_window() -> None:
    from cutover_desktop.domain.formatting import days_from_bgl

    assert days_from_bgl(0) == "On BGL"
    assert days_from_bgl(-1) == "1 day before BGL"
    assert days_from_bgl(45) == "45 days after BGL"
