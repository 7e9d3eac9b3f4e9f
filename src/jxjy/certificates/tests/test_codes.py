"""Verification codes: long, random, readable, forgiving to type."""

from jxjy.certificates import codes


def test_a_code_has_twenty_unambiguous_characters():
    code = codes.new_code()
    assert len(code) == 20 and codes.is_well_formed(code)
    assert not set(code) & set("01OIL")


def test_codes_are_random_not_sequential():
    drawn = {codes.new_code() for _ in range(2000)}
    assert len(drawn) == 2000
    # Every character of the alphabet turns up in every position over many draws.
    assert {c[0] for c in drawn} == set(codes.ALPHABET)


def test_the_alphabet_carries_enough_guessing_work():
    import math

    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) > 96


def test_codes_are_shown_in_groups_and_typed_loosely():
    code = "ABCDEFGHJKMNPQRSTUVW"
    assert codes.grouped(code) == "ABCD-EFGH-JKMN-PQRS-TUVW"
    for typed in ("abcd-efgh-jkmn-pqrs-tuvw", " ABCD EFGH JKMN PQRS TUVW ", "ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ－ＰＱＲＳ－ＴＵＶＷ",
                  "ABCD—EFGH—JKMN—PQRS—TUVW"):
        assert codes.normalize(typed) == code


def test_malformed_input_is_not_a_code():
    for typed in ("", "ABCD", "ABCD-EFGH-JKMN-PQRS-TUV0", "ABCD-EFGH-JKMN-PQRS-TUVWX", "A" * 500, "'; drop table"):
        assert not codes.is_well_formed(codes.normalize(typed))
