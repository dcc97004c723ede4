using LearningPlatform.Domain.Exams;

namespace LearningPlatform.Domain.UnitTests;

/// <summary>Builds an exam open at <see cref="Now"/> with a given number of 10-point questions.</summary>
internal sealed class ExamBuilder
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private DateTimeOffset _opensAt = Now.AddHours(-1);
    private DateTimeOffset _closesAt = Now.AddHours(1);
    private TimeSpan _duration = TimeSpan.FromMinutes(10);
    private int _maxAttempts = 1;
    private bool _premium;
    private int _questions = 3;
    private ExamMode _mode = ExamMode.Contest;

    public ExamBuilder Practice()
    {
        _mode = ExamMode.Practice;
        return this;
    }

    public ExamBuilder Window(DateTimeOffset opensAt, DateTimeOffset closesAt)
    {
        _opensAt = opensAt;
        _closesAt = closesAt;
        return this;
    }

    public ExamBuilder Duration(TimeSpan duration)
    {
        _duration = duration;
        return this;
    }

    public ExamBuilder MaxAttempts(int max)
    {
        _maxAttempts = max;
        return this;
    }

    public ExamBuilder Premium()
    {
        _premium = true;
        return this;
    }

    public ExamBuilder Questions(int count)
    {
        _questions = count;
        return this;
    }

    public Exam Build()
    {
        var exam = Exam.Create("Algebra sprint", _opensAt, _closesAt, _duration, Now.AddDays(-1), _maxAttempts, _premium, mode: _mode);
        for (var i = 0; i < _questions; i++)
        {
            exam.AddQuestion($"Question {i}", 10, [("right", true), ("wrong", false), ("also wrong", false)]);
        }

        return exam;
    }
}

internal static class ExamTestExtensions
{
    public static Guid Correct(this Question q) => q.Choices.Single(c => c.IsCorrect).Id;

    public static Guid Wrong(this Question q) => q.Choices.First(c => !c.IsCorrect).Id;
}
