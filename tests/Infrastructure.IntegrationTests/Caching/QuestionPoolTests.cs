using LearningPlatform.Application.Attempts;
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
}
