"""GIFT and Aiken, Moodle's text formats, read into the same questions as the template."""

from jxjy.exams import banks

GIFT = """// a comment
$CATEGORY: 项目管理

::Q1:: 关键路径上活动的总浮动时间通常为？ {=零 ~一天 ~一周 ####关键路径定义}

::Q2:: 下列哪些属于项目制约因素？ {
  ~%50%范围
  ~%50%进度
  ~%-100%天气
}

挣值是已完成工作的经批准预算。{T}

3 加 5 等于多少\\{提示\\}？ {=八 ~七 #不对}
"""


def test_gift_single_multiple_and_true_false_are_read():
    questions, problems = banks.parse(GIFT.encode(), "gift")
    assert problems == []
    assert [(q.type, q.answer) for q in questions] == [
        ("single", ("A",)), ("multiple", ("A", "B")), ("true_false", ("T",)), ("single", ("A",))]
    assert questions[0].explanation == "关键路径定义"
    assert questions[1].options == (("A", "范围"), ("B", "进度"), ("C", "天气"))
    assert questions[3].stem == "3 加 5 等于多少{提示}？"
    assert questions[3].options == (("A", "八"), ("B", "七"))


def test_gift_types_a_paper_cannot_carry_are_reported_with_their_line():
    text = "第一题 {=甲 ~乙}\n\n简答题 {=任意答案}\n\n匹配题 {=a -> 1 =b -> 2}\n\n没有答案的题\n"
    _, problems = banks.parse(text.encode(), "gift")
    assert [(p.line, p.code) for p in problems] == [(3, "gift_unsupported"), (5, "gift_unsupported"),
                                                    (7, "gift_no_answers")]


def test_gift_questions_meet_the_same_rules_as_the_template():
    text = "两个都对 {=甲 =乙 ~丙}\n\n权重只给一项 {~%100%甲 ~乙 ~丙}\n\n两个选项的多选 {~%50%甲 ~%50%乙}\n"
    questions, problems = banks.parse(text.encode(), "gift")
    assert [(q.type, q.answer) for q in questions] == [("multiple", ("A", "B"))]
    assert {(p.line, p.code) for p in problems} == {(3, "multiple_with_one_answer"), (5, "too_few_options")}


AIKEN = """项目章程由谁批准？
A. 项目发起人
B. 团队成员
C) 供应商
ANSWER: A

哪些是敏捷仪式？
A. 每日站会
B. 迭代评审
C. 年终总结
ANSWER: A, B
"""


def test_aiken_reads_single_and_the_multiple_extension():
    questions, problems = banks.parse(AIKEN.encode(), "aiken")
    assert problems == []
    assert [(q.type, q.answer, len(q.options)) for q in questions] == [("single", ("A",), 3),
                                                                        ("multiple", ("A", "B"), 3)]


def test_aiken_problems_carry_lines():
    text = "没有答案行的题\nA. 甲\nB. 乙\n\n答案不在选项\nA. 甲\nB. 乙\nANSWER: D\n"
    _, problems = banks.parse(text.encode(), "aiken")
    assert {(p.line, p.code) for p in problems} == {(1, "aiken_no_answer"), (5, "answer_not_option")}


def test_gb18030_text_is_read():
    questions, problems = banks.parse(AIKEN.encode("gb18030"), "aiken")
    assert problems == [] and questions[0].stem == "项目章程由谁批准？"
