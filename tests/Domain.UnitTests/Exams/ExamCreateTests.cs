using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;

namespace LearningPlatform.Domain.UnitTests.Exams;

public class ExamCreateTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;

    [Fact]
    public void Exam_closing_before_it_opens_is_refused()
    {
        var act = () => Exam.Create("x", Now, Now, TimeSpan.FromMinutes(5), Now);
        act.Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_definition");
    }

    [Fact]
    public void Exam_needs_a_positive_duration_and_at_least_one_attempt()
    {
        FluentActions.Invoking(() => Exam.Create("x", Now, Now.AddHours(1), TimeSpan.Zero, Now))
            .Should().Throw<DomainException>();
        FluentActions.Invoking(() => Exam.Create("x", Now, Now.AddHours(1), TimeSpan.FromMinutes(1), Now, maxAttempts: 0))
            .Should().Throw<DomainException>();
    }

    [Fact]
    public void Durations_over_a_day_and_points_over_1000_are_refused()
    {
        FluentActions.Invoking(() => Exam.Create("x", Now, Now.AddDays(3), TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)), Now))
            .Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_definition");
        Exam.Create("x", Now, Now.AddDays(3), TimeSpan.FromDays(1), Now).Duration.Should().Be(TimeSpan.FromDays(1));

        var exam = new ExamBuilder().Questions(0).Build();
        FluentActions.Invoking(() => exam.AddQuestion("q", 1_001, [("a", true), ("b", false)]))
            .Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_definition");
        exam.AddQuestion("q", 1_000, [("a", true), ("b", false)]).Points.Should().Be(1_000);
    }

    [Fact]
    public void Question_needs_exactly_one_correct_choice()
    {
        var exam = new ExamBuilder().Questions(0).Build();
        FluentActions.Invoking(() => exam.AddQuestion("q", 1, [("a", true), ("b", true)]))
            .Should().Throw<DomainException>().Which.Code.Should().Be("exam.invalid_definition");
        FluentActions.Invoking(() => exam.AddQuestion("q", 1, [("a", false), ("b", false)]))
            .Should().Throw<DomainException>();
        exam.Questions.Should().BeEmpty();
    }

    [Fact]
    public void Exam_is_open_from_opensAt_inclusive_to_closesAt_exclusive()
    {
        var exam = new ExamBuilder().Window(Now, Now.AddHours(1)).Build();
        exam.IsOpenAt(Now.AddTicks(-1)).Should().BeFalse();
        exam.IsOpenAt(Now).Should().BeTrue();
        exam.IsOpenAt(Now.AddHours(1).AddTicks(-1)).Should().BeTrue();
        exam.IsOpenAt(Now.AddHours(1)).Should().BeFalse();
    }
}
