using LearningPlatform.Application.Attempts;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Infrastructure.IntegrationTests.Caching;

public class QuestionPoolTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Concurrent_first_reads_share_one_load_and_an_invalidation_loads_afresh()
    {
        var exam = await fixture.AddExamAsync(questions: 4);
        var pools = fixture.Services.GetRequiredService<IQuestionPools>();

        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => pools.GetAsync(exam.Id, CancellationToken.None)));

        first.Should().OnlyContain(p => ReferenceEquals(p, first[0]), "every caller gets the one loaded pool");
        first[0].Keys.Should().BeEquivalentTo(exam.Questions.Select(q => q.Id));
        first[0].Values.Should().OnlyContain(q => q.Choices.Count == 2);
        (await pools.GetAsync(exam.Id, CancellationToken.None)).Should().BeSameAs(first[0]);

        await pools.InvalidateAsync(exam.Id, CancellationToken.None);

        var reloaded = await pools.GetAsync(exam.Id, CancellationToken.None);
        reloaded.Should().NotBeSameAs(first[0]);
        reloaded.Keys.Should().BeEquivalentTo(first[0].Keys);
    }

    [Fact]
    public async Task A_contests_whole_pool_stays_in_memory_after_its_first_load()
    {
        // 50 questions of 4 choices with texts of a real exam's length: tens of kB once serialized, which is how
        // HybridCache sizes its in-memory entries against the memory cache's limit.
        var now = DateTimeOffset.UtcNow;
        var exam = Exam.Create("Full-size contest", now.AddHours(-1), now.AddHours(1), TimeSpan.FromMinutes(30), now);
        for (var i = 0; i < 50; i++)
        {
            exam.AddQuestion($"Question {i}: {new string('q', 200)}", 10,
                [.. Enumerable.Range(0, 4).Select(c => ($"Choice {c} of question {i}: {new string('c', 80)}", c == 0))]);
        }

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
            db.Exams.Add(exam);
            await db.SaveChangesAsync();
        }

        var pools = fixture.Services.GetRequiredService<IQuestionPools>();
        var first = await pools.GetAsync(exam.Id, CancellationToken.None);

        first.Should().HaveCount(50);
        (await pools.GetAsync(exam.Id, CancellationToken.None)).Should().BeSameAs(first, "the pool is kept, not loaded again per answer");
    }
}
