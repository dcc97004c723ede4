using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Content;

namespace LearningPlatform.Domain.UnitTests.Content;

public class LessonProgressTests
{
    private static readonly DateTimeOffset Now = ExamBuilder.Now;
    private static readonly Guid Learner = Guid.NewGuid();
    private static readonly Guid Lesson = Guid.NewGuid();

    private static LessonProgress Report(int percent, int position, bool completed = false, DateTimeOffset? at = null) =>
        LessonProgress.Report(Learner, Lesson, percent, position, completed, at ?? Now);

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void A_percent_outside_0_to_100_is_refused(int percent) =>
        FluentActions.Invoking(() => Report(percent, 0))
            .Should().Throw<DomainException>().Which.Code.Should().Be("progress.invalid");

    [Theory]
    [InlineData(-1)]
    [InlineData(LessonProgress.MaxPosition + 1)]
    public void A_negative_or_absurd_position_is_refused(int position) =>
        FluentActions.Invoking(() => Report(10, position))
            .Should().Throw<DomainException>().Which.Code.Should().Be("progress.invalid");

    [Fact]
    public void Percent_100_or_the_completed_flag_completes_the_lesson_at_that_moment()
    {
        Report(100, 300).CompletedAt.Should().Be(Now);

        var marked = Report(80, 300, completed: true);

        marked.Percent.Should().Be(100, "a lesson marked done is done");
        marked.CompletedAt.Should().Be(Now);
        Report(99, 300).IsCompleted.Should().BeFalse();
    }

    [Fact]
    public void An_older_or_lower_report_never_rolls_progress_back()
    {
        var stored = Report(60, 300);

        stored.Merge(Report(40, 900, at: Now.AddMinutes(1))).Should().BeSameAs(stored, "a lower percent loses whatever its position");
        stored.Merge(Report(60, 200, at: Now.AddMinutes(1))).Should().BeSameAs(stored, "the same percent at an earlier position loses");
        stored.Merge(Report(60, 300, at: Now.AddMinutes(1))).Should().BeSameAs(stored, "the same report again changes nothing");

        var ahead = stored.Merge(Report(60, 301, at: Now.AddMinutes(2)));
        (ahead.Percent, ahead.Position, ahead.UpdatedAt).Should().Be((60, 301, Now.AddMinutes(2)));
        var further = ahead.Merge(Report(70, 10, at: Now.AddMinutes(3)));
        (further.Percent, further.Position).Should().Be((70, 10), "a higher percent wins, the position it was reported with comes along");
    }

    [Fact]
    public void Completion_is_recorded_once_and_never_moves()
    {
        var completed = Report(50, 100).Merge(Report(100, 500, at: Now.AddMinutes(1)));
        completed.CompletedAt.Should().Be(Now.AddMinutes(1));

        var later = completed
            .Merge(Report(100, 900, completed: true, at: Now.AddMinutes(5)))
            .Merge(Report(20, 30, completed: true, at: Now.AddMinutes(6)))
            .Merge(Report(10, 5, at: Now.AddMinutes(7)));

        later.CompletedAt.Should().Be(Now.AddMinutes(1), "the first completion is the one recorded");
        (later.Percent, later.Position).Should().Be((100, 900));
    }

    [Fact]
    public void Any_order_of_the_same_reports_ends_at_the_same_maximum()
    {
        var reports = Enumerable.Range(0, 50).Select(i => Report(i * 2, i * 10 % 70, at: Now.AddSeconds(i))).ToList();
        var expected = reports.MaxBy(r => (r.Percent, r.Position))!;

        for (var seed = 0; seed < 20; seed++)
        {
            var shuffled = reports.OrderBy(_ => new Random(seed).Next()).ToList();
            var stored = shuffled.Skip(1).Aggregate(shuffled[0], (current, report) => current.Merge(report));
            (stored.Percent, stored.Position).Should().Be((expected.Percent, expected.Position));
        }
    }

    [Fact]
    public void A_report_merges_only_into_the_same_learners_progress_in_the_same_lesson() =>
        FluentActions.Invoking(() => Report(10, 0).Merge(LessonProgress.Report(Guid.NewGuid(), Lesson, 20, 0, false, Now)))
            .Should().Throw<ArgumentException>();
}
